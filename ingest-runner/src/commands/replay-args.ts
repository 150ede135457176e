import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEngineConfig, type EngineConfig } from '@engine/core/config/engine-config';
import { DEFAULT_INPUTS, DEFAULT_WARMUPS } from '../default-data.ts';

export interface ReplayArgs {
  readonly inputs: readonly string[];
  readonly warmups: readonly string[];
  readonly outDir: string;
  readonly venue: string | undefined;
  readonly symbol: string | undefined;
  readonly seed: number;
  readonly store: boolean;
  /** 'keep' stores everything (replay default); 'design' applies the live retention of design 2.2.7. */
  readonly retention: 'keep' | 'design';
  readonly logTicks: boolean;
  readonly logDecisions: boolean;
  readonly quiet: boolean;
  readonly config: EngineConfig;
  readonly trading: boolean;
}

export const REPLAY_USAGE = `usage: engine replay --input <file> [--input <file> ...] --out <dir>
  --input <file>     trade tape (*_trades.csv), quotes (*_quotes.csv), raw Binance capture (*.gz),
                     or 1m candles (expanded into ticks by the seeded model); repeat for several symbols
  --default-data     replay the bundled real data set (what \`npm start\` does)
  --warmup <file>    1m candles that precede an input of the same symbol: warms candle analytics
  --venue <key>      venue key when the file name does not tell it (e.g. binance-usdm)
  --symbol <SYM>     symbol when the file name does not tell it
  --seed <n>         seed of the candle-to-tick model (default 1)
  --config <json>    engine config overrides: {analytics, decision, execution, exits, risk} (validated; defaults
                     from the design; see core/src/config/engine-config.ts)
  --no-store         skip the DuckDB store
  --retention <r>    keep (default) or design: live retention (ticks 15 min, 1m 15 min, 5m/15m 1 h)
  --log-ticks        include every TradeTickReceived in events.jsonl
  --log-decisions    include every DecisionEvaluated in events.jsonl (they are always in DuckDB)
  --no-trading       analytics only: no decisions, no paper trading
  --quiet            no progress bar`;

/** Reads and validates the replay command line; throws with a message naming what is wrong. */
export function parseReplayArgs(argv: readonly string[]): ReplayArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      input: { type: 'string', multiple: true, default: [] },
      'default-data': { type: 'boolean', default: false },
      warmup: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: 'out/replay' },
      venue: { type: 'string' },
      symbol: { type: 'string' },
      seed: { type: 'string', default: '1' },
      config: { type: 'string' },
      'no-store': { type: 'boolean', default: false },
      retention: { type: 'string', default: 'keep' },
      'log-ticks': { type: 'boolean', default: false },
      'log-decisions': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'no-trading': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const inputs = [...(values['default-data'] ? DEFAULT_INPUTS : []), ...values.input.map((p) => resolve(p))];
  if (inputs.length === 0) throw new Error(`no input given\n${REPLAY_USAGE}`);
  for (const path of [...inputs, ...values.warmup])
    if (!existsSync(path)) throw new Error(`input not found: ${path}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  if (values.retention !== 'keep' && values.retention !== 'design') {
    throw new Error(`--retention must be keep or design, got ${values.retention}`);
  }
  const config = parseEngineConfig(values.config ? JSON.parse(readFileSync(values.config, 'utf8')) : {});
  return {
    inputs,
    warmups: [...(values['default-data'] ? DEFAULT_WARMUPS : []), ...values.warmup.map((p) => resolve(p))],
    outDir: resolve(values.out),
    venue: values.venue,
    symbol: values.symbol,
    seed,
    store: !values['no-store'],
    retention: values.retention,
    logTicks: values['log-ticks'],
    logDecisions: values['log-decisions'],
    quiet: values.quiet,
    trading: !values['no-trading'],
    config,
  };
}
