import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEngineConfig, type EngineConfig } from '@engine/core/config/engine-config';

export type LiveVenue = 'binance-spot' | 'binance-usdm';

export interface LiveArgs {
  readonly venue: LiveVenue;
  readonly symbols: readonly string[];
  readonly wsUrl: string | undefined;
  readonly restUrl: string | undefined;
  /** Seconds; undefined: until SIGINT/SIGTERM. */
  readonly durationSec: number | undefined;
  readonly outDir: string;
  readonly config: EngineConfig;
  /** Real orders (needs BINANCE_API_KEY / BINANCE_API_SECRET); otherwise paper trading on live data. */
  readonly live: boolean;
  readonly sandbox: boolean;
  readonly streamKind: 'trade' | 'aggTrade';
  readonly statusEverySec: number;
  readonly trading: boolean;
  readonly logTicks: boolean;
}

export const LIVE_USAGE = `usage: engine live --venue binance-spot|binance-usdm --symbols BTCUSDT,ETHUSDT [options]
  Paper trading on live market data unless --live is given.
  --venue <v>          binance-spot or binance-usdm (required)
  --symbols <A,B>      symbols to trade (required)
  --venue-url <ws>     WebSocket base of the market feed (default Binance; tests point it at a local fake)
  --rest-url <http>    REST base for warm-up klines and backfill (default Binance, or the --venue-url
                       host over http)
  --duration <s>       stop after this many seconds (default: run until SIGINT/SIGTERM)
  --out <dir>          outputs (default out/live): report.json, candles_1m.csv, trades.csv, events.jsonl,
                       duckdb/, state.duckdb
  --config <json>      engine config overrides, as for replay
  --stream <kind>      trade (default) or aggTrade
  --status-every <s>   status line period on stderr (default 10; 0: off)
  --no-trading         analytics only
  --log-ticks          include every TradeTickReceived in events.jsonl
  --live               REAL ORDERS: needs BINANCE_API_KEY and BINANCE_API_SECRET in the environment
  --sandbox            Binance testnet for orders`;

/** Reads and validates the live command line; throws with a message naming what is wrong. */
export function parseLiveArgs(argv: readonly string[]): LiveArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      venue: { type: 'string' },
      symbols: { type: 'string' },
      'venue-url': { type: 'string' },
      'rest-url': { type: 'string' },
      duration: { type: 'string' },
      out: { type: 'string', default: 'out/live' },
      config: { type: 'string' },
      stream: { type: 'string', default: 'trade' },
      'status-every': { type: 'string', default: '10' },
      'no-trading': { type: 'boolean', default: false },
      'log-ticks': { type: 'boolean', default: false },
      live: { type: 'boolean', default: false },
      sandbox: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const venue = values.venue;
  if (venue !== 'binance-spot' && venue !== 'binance-usdm') {
    throw new Error(`--venue must be binance-spot or binance-usdm, got ${venue ?? 'nothing'}\n${LIVE_USAGE}`);
  }
  const symbols = (values.symbols ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s.length > 0);
  if (symbols.length === 0) throw new Error(`--symbols is required\n${LIVE_USAGE}`);
  for (const s of symbols) if (!/^[A-Z0-9]{2,20}$/.test(s)) throw new Error(`not a Binance symbol: ${s}`);
  const durationSec = values.duration === undefined ? undefined : Number(values.duration);
  if (durationSec !== undefined && !(durationSec > 0)) {
    throw new Error(`--duration must be a positive number of seconds, got ${values.duration}`);
  }
  const statusEverySec = Number(values['status-every']);
  if (!(statusEverySec >= 0)) throw new Error(`--status-every must be >= 0, got ${values['status-every']}`);
  if (values.stream !== 'trade' && values.stream !== 'aggTrade') {
    throw new Error(`--stream must be trade or aggTrade, got ${values.stream}`);
  }
  const wsUrl = values['venue-url'];
  return {
    venue,
    symbols: [...new Set(symbols)],
    wsUrl,
    restUrl: values['rest-url'] ?? (wsUrl ? restUrlFor(wsUrl) : undefined),
    durationSec,
    outDir: resolve(values.out),
    config: parseEngineConfig(values.config ? JSON.parse(readFileSync(values.config, 'utf8')) : {}),
    live: values.live,
    sandbox: values.sandbox,
    streamKind: values.stream,
    statusEverySec,
    trading: !values['no-trading'],
    logTicks: values['log-ticks'],
  };
}

/** The same host over http(s): a compatible server usually serves REST and WebSocket on one port. */
export function restUrlFor(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}
