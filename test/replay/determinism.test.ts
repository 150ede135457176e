import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTickSource } from '../../core/src/adapters/files/index.ts';
import { candlesToCsv, symbolLabeller } from '../../core/src/app/candles-csv.ts';
import { runReplay } from '../../core/src/app/replay.ts';
import { defaultEngineConfig } from '../../core/src/config/engine-config.ts';
import { MemoryLogger } from '../../core/src/ports/logger.ts';
import { BTC_TAPE, ETH_TAPE, REPO } from '../support/tape.ts';

const INPUTS = [BTC_TAPE, ETH_TAPE, join(REPO, 'data/captures/usdm_ethusdt_20240718.gz')];

async function replayOnce() {
  const hash = createHash('sha256');
  let lines = 0;
  const sources = INPUTS.map((p) => openTickSource(p));
  const { report, candles1m } = await runReplay({
    sources,
    inputPaths: INPUTS,
    warmUps: [],
    config: defaultEngineConfig,
    trading: true,
    records: undefined,
    logger: new MemoryLogger(),
    store: undefined,
    eventLogSink: (line) => {
      hash.update(line);
      lines++;
    },
    logTicks: true,
    stopwatch: () => 0,
    onProgress: undefined,
  });
  const csv = candlesToCsv(candles1m, symbolLabeller(sources.map((s) => s.instrument.id)));
  return { logHash: hash.digest('hex'), lines, report, csv };
}

describe('replay determinism', () => {
  it('produces byte-identical event logs and candle files on two runs of the same inputs', async () => {
    const first = await replayOnce();
    const second = await replayOnce();
    expect(first.lines).toBeGreaterThan(first.report.ticks_processed);
    expect(second.logHash).toBe(first.logHash);
    expect(second.report.events.sha256).toBe(first.report.events.sha256);
    expect(second.report.events.sha256).toBe(first.logHash);
    expect(second.csv).toBe(first.csv);
    expect(second.report.symbols).toEqual(first.report.symbols);
  });

  it('replays several symbols merged in event-time order with every tick accounted for', async () => {
    const { report } = await replayOnce();
    expect(report.ticks_processed).toBe(19_904 + 14_515 + 1_640);
    expect(Object.keys(report.symbols).sort()).toEqual([
      'BTCUSDT',
      'binance-spot:ETHUSDT',
      'binance-usdm:ETHUSDT',
    ]);
    expect(report.events.by_type.TradeTickReceived).toBe(report.ticks_processed);
    expect(report.handler_failures).toBe(0);
  });
});

describe('replay determinism through the CLI', () => {
  it('writes byte-identical events.jsonl, candles_1m.csv and event hashes on two runs', async () => {
    const { readFileSync } = await import('node:fs');
    const { runEngine, tempDir } = await import('../support/run-cli.ts');
    const outs = [tempDir('det-a'), tempDir('det-b')];
    for (const out of outs) {
      const run = runEngine([
        'replay',
        '--input',
        BTC_TAPE,
        '--input',
        ETH_TAPE,
        '--out',
        out,
        '--quiet',
        '--log-ticks',
      ]);
      expect(run.status).toBe(0);
    }
    const [a, b] = outs.map((o) => ({
      events: readFileSync(join(o, 'events.jsonl')),
      candles: readFileSync(join(o, 'candles_1m.csv')),
      report: JSON.parse(readFileSync(join(o, 'report.json'), 'utf8')),
    }));
    expect(a!.events.length).toBeGreaterThan(1_000_000);
    expect(b!.events.equals(a!.events)).toBe(true);
    expect(b!.candles.equals(a!.candles)).toBe(true);
    expect(b!.report.events.sha256).toBe(a!.report.events.sha256);
    expect(createHash('sha256').update(a!.events).digest('hex')).toBe(a!.report.events.sha256);
  });
});
