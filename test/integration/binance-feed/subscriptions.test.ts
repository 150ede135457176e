import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { warmUpCandles } from '../../../core/src/app/warm-up.ts';
import type { SourceCandle } from '../../../core/src/marketdata/types.ts';
import { klinesFromCsv, relabel } from '../../support/fake-binance/market-capture.ts';
import { expectExactTape, playToEnd, SPOT_TRADES, startRun, waitFor, type Run } from './feed-harness.ts';

const CANDLES = resolve(
  import.meta.dirname,
  '../../../data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv',
);

describe('Binance trade feed subscriptions, connections and warm-up', () => {
  let run: Run | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('subscribes and unsubscribes live with acknowledged ids within the message rate', async () => {
    const tapes = relabel(SPOT_TRADES.slice(0, 1000), ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']);
    run = await startRun({ tapes }, { symbols: ['BTCUSDT'] });
    run.feed.start();
    await waitFor(() => run?.feed.stats().connected === 1);
    run.feed.subscribe(['ETHUSDT']);
    run.feed.subscribe(['SOLUSDT']);
    run.feed.subscribe(['XRPUSDT']);
    run.feed.unsubscribe(['SOLUSDT']);
    await waitFor(() => run?.feed.stats().streams.controlAcked === 4);
    const control = run.server.control;
    expect(control.map((c) => [c.method, c.params])).toEqual([
      ['SUBSCRIBE', ['ethusdt@trade']],
      ['SUBSCRIBE', ['solusdt@trade']],
      ['SUBSCRIBE', ['xrpusdt@trade']],
      ['UNSUBSCRIBE', ['solusdt@trade']],
    ]);
    expect(new Set(control.map((c) => c.id)).size).toBe(4);
    // Spot allows 5 control messages per second: at least 200 ms between two.
    for (let i = 1; i < control.length; i++)
      expect((control[i]?.at ?? 0) - (control[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(190);
    run.server.play();
    await run.server.finished;
    await waitFor(() => run?.ticks.filter((t) => t.instrumentId.endsWith('XRPUSDT')).length === 1000);
    expectExactTape(run, 'ETHUSDT');
    expect(run.ticks.some((t) => t.instrumentId.endsWith('SOLUSDT'))).toBe(false);
    expect(run.feed.stats().symbols).toBe(3);
  });

  it('splits symbols across connections beyond the streams-per-connection limit', async () => {
    const symbols = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT', 'DDDUSDT', 'EEEUSDT'];
    run = await startRun(
      { tapes: relabel(SPOT_TRADES.slice(0, 500), symbols) },
      { maxStreamsPerConnection: 2 },
    );
    await playToEnd(run, symbols);
    expect(run.feed.stats()).toMatchObject({ connections: 3, connected: 3 });
    expect(run.server.stats.connections).toBe(3);
    for (const s of symbols) expectExactTape(run, s);
  });

  it('answers server pings and sends its own', async () => {
    run = await startRun({ pingIntervalMs: 50 }, { pingIntervalMs: 50 });
    run.feed.start();
    await waitFor(() => (run?.server.stats.pongs ?? 0) >= 3 && (run?.server.stats.clientPings ?? 0) >= 3);
    expect(run.server.stats.pongs).toBeGreaterThanOrEqual(3);
    expect(run.server.stats.clientPings).toBeGreaterThanOrEqual(3);
    expect(run.events).toEqual([]);
  });

  it('builds warm-up candles from paged REST klines exactly as the replay warm-up does', async () => {
    const rows = klinesFromCsv(CANDLES, 3000);
    run = await startRun({ klines: new Map([['BTCUSDT', rows]]) });
    const until = (rows[2500]?.[0] ?? 0) + 30_000;
    const result = await run.feed.fetchWarmUpCandles('BTCUSDT', until, 2400);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(run.server.restStats.paths).toEqual(['/api/v3/klines', '/api/v3/klines', '/api/v3/klines']);
    const source: SourceCandle[] = rows.slice(100, 2500).map((r) => ({
      openTime: r[0],
      open: Number(r[1]),
      high: Number(r[2]),
      low: Number(r[3]),
      close: Number(r[4]),
      volume: Number(r[5]),
      takerBuyVolume: Number(r[9]),
      trades: r[8],
    }));
    const expected = warmUpCandles('binance-spot:BTCUSDT', source, until);
    expect(result.value).toEqual(expected);
    expect(result.value.filter((c) => c.timeframe === '15m').length).toBe(160);
  });
});
