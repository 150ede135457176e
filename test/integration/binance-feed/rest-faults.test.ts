import { afterEach, describe, expect, it } from 'vitest';
import { loadCaptureTrades, USDM_ETH_CAPTURE } from '../../support/fake-binance/market-capture.ts';
import { eventsOf, expectExactTape, FIRST_ID, playToEnd, startRun, type Run } from './feed-harness.ts';

const GAP = { from: FIRST_ID + 1000, to: FIRST_ID + 1999 };

describe('Binance trade feed backfill against REST faults', () => {
  let run: Run | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('waits out 429 Retry-After and still backfills the whole gap', async () => {
    run = await startRun();
    run.server.faults.skipIds.push(GAP);
    run.server.restFaults.rateLimited = 2;
    run.server.restFaults.retryAfterSec = 1;
    const started = Date.now();
    await playToEnd(run);
    expectExactTape(run);
    expect(run.server.restStats.rateLimited).toBe(2);
    expect(run.feed.stats().restRetries).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(eventsOf(run, 'MarketDataGapDetected').map((e) => e.payload)).toMatchObject([
      { missing: 1000, backfilled: 1000, status: 'backfilled' },
    ]);
  });

  it('retries 5xx answers with backoff and still backfills the whole gap', async () => {
    run = await startRun();
    run.server.faults.skipIds.push(GAP);
    run.server.restFaults.serverErrors = 3;
    await playToEnd(run);
    expectExactTape(run);
    expect(run.server.restStats.serverErrors).toBe(3);
    expect(run.feed.stats().restRetries).toBe(3);
    expect(eventsOf(run, 'MarketDataGapDetected')[0]?.payload).toMatchObject({ status: 'backfilled' });
  });

  it('gives up after the retry bound, reports the gap as failed and keeps streaming', async () => {
    run = await startRun({}, { restMaxAttempts: 3 });
    run.server.faults.skipIds.push(GAP);
    run.server.restFaults.serverErrors = 1_000;
    await playToEnd(run);
    const ids = run.ticks.map((t) => t.tradeId as number);
    const expected = run.server
      .released('BTCUSDT')
      .map((t) => t.id)
      .filter((id) => id < GAP.from || id > GAP.to);
    expect(ids).toEqual(expected);
    expect(eventsOf(run, 'MarketDataGapDetected').map((e) => e.payload)).toEqual([
      {
        instrumentId: 'binance-spot:BTCUSDT',
        lastTradeId: GAP.from - 1,
        nextTradeId: GAP.to + 1,
        missing: 1000,
        backfilled: 0,
        status: 'failed',
      },
    ]);
    expect(run.feed.stats()).toMatchObject({ unrecoveredTrades: 1000, restRequests: 3 });
  });

  it('reports a partial backfill when the gap exceeds the backfill bound', async () => {
    run = await startRun({}, { maxBackfillTrades: 600 });
    run.server.faults.skipIds.push(GAP);
    await playToEnd(run);
    expect(eventsOf(run, 'MarketDataGapDetected')[0]?.payload).toMatchObject({
      missing: 1000,
      backfilled: 600,
      status: 'partial',
    });
    expect(run.ticks).toHaveLength(3000 - 400);
  });

  it('backfills a USD-M aggTrade stream from /fapi/v1/aggTrades', async () => {
    const trades = loadCaptureTrades(USDM_ETH_CAPTURE);
    const first = trades[0]?.id as number;
    run = await startRun(
      { venue: 'usdm', tapes: new Map([['ETHUSDT', trades]]), speed: 300 },
      { venue: 'binance-usdm', streamKind: 'aggTrade' },
    );
    run.server.faults.skipIds.push({ from: first + 200, to: first + 449 });
    await playToEnd(run, ['ETHUSDT']);
    expectExactTape(run, 'ETHUSDT', 'binance-usdm:ETHUSDT');
    expect(new Set(run.server.restStats.paths)).toEqual(new Set(['/fapi/v1/aggTrades']));
    expect(eventsOf(run, 'MarketDataGapDetected')[0]?.payload).toMatchObject({
      missing: 250,
      status: 'backfilled',
    });
  });
});
