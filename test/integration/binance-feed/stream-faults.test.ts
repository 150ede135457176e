import { afterEach, describe, expect, it } from 'vitest';
import { eventsOf, expectExactTape, FIRST_ID, playToEnd, startRun, type Run } from './feed-harness.ts';

describe('Binance trade feed against stream faults', () => {
  let run: Run | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('delivers a clean stream exactly, with no events and no repairs', async () => {
    run = await startRun();
    await playToEnd(run);
    expectExactTape(run);
    expect(run.events).toEqual([]);
    const stats = run.feed.stats();
    expect(stats).toMatchObject({ duplicates: 0, reordered: 0, gaps: 0, restRequests: 0 });
    expect(stats.ticks).toBe(3000);
  });

  it('reports a dropped connection, reconnects, and backfills the trades missed meanwhile', async () => {
    run = await startRun();
    run.server.faults.dropAt.add(800);
    await playToEnd(run);
    expectExactTape(run);
    const lost = eventsOf(run, 'MarketDataConnectionLost');
    const recovered = eventsOf(run, 'MarketDataConnectionRecovered');
    expect(lost).toHaveLength(1);
    expect(recovered).toHaveLength(1);
    const payload = recovered[0]?.payload as { downtimeMs: number; attempts: number };
    expect(payload.attempts).toBeGreaterThanOrEqual(1);
    expect(payload.downtimeMs).toBeGreaterThanOrEqual(20);
    const gaps = eventsOf(run, 'MarketDataGapDetected');
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    for (const g of gaps) expect(g.payload).toMatchObject({ status: 'backfilled' });
    expect(run.feed.stats().backfilledTrades).toBeGreaterThan(0);
    expect(run.server.stats.connections).toBe(2);
  });

  it('treats a silent stall as a dead stream and reconnects after the stale timeout', async () => {
    run = await startRun({}, { staleAfterMs: 150 });
    run.server.faults.stallAt.add(800);
    await playToEnd(run);
    expectExactTape(run);
    // The tape's end is itself a silence, so a second stale reconnect may follow the stall's.
    const stale = run.feed.stats().streams.staleReconnects;
    expect(stale).toBeGreaterThanOrEqual(1);
    expect(eventsOf(run, 'MarketDataConnectionLost')).toHaveLength(stale);
    expect(eventsOf(run, 'MarketDataConnectionLost')[0]?.payload).toMatchObject({ reason: 'closed_1006' });
    expect(eventsOf(run, 'MarketDataConnectionRecovered').length).toBeGreaterThanOrEqual(1);
    expect(run.feed.stats().backfilledTrades).toBeGreaterThan(0);
  });

  it('counts a malformed frame and carries on without losing a trade', async () => {
    run = await startRun();
    run.server.faults.malformedAt.add(500);
    run.server.faults.malformedAt.add(1500);
    await playToEnd(run);
    expectExactTape(run);
    expect(run.feed.stats().frameIssues).toEqual({ malformed_json: 2 });
    expect(run.events).toEqual([]);
  });

  it('suppresses duplicated frames and counts them', async () => {
    run = await startRun();
    for (const n of [100, 200, 300]) run.server.faults.duplicateAt.add(n);
    await playToEnd(run);
    expectExactTape(run);
    expect(run.feed.stats().duplicates).toBe(3);
    expect(run.feed.stats().restRequests).toBe(0);
  });

  it('puts swapped frames back in trade-id order without asking REST', async () => {
    run = await startRun();
    run.server.faults.swapAt.add(400);
    run.server.faults.swapAt.add(900);
    await playToEnd(run);
    expectExactTape(run);
    expect(run.feed.stats()).toMatchObject({ reordered: 2, gaps: 0, restRequests: 0 });
    expect(eventsOf(run, 'MarketDataGapDetected')).toEqual([]);
  });

  it('backfills a skipped range of 1,000 trade ids from REST and reports the gap', async () => {
    run = await startRun();
    run.server.faults.skipIds.push({ from: FIRST_ID + 1000, to: FIRST_ID + 1999 });
    await playToEnd(run);
    expectExactTape(run);
    const gaps = eventsOf(run, 'MarketDataGapDetected');
    expect(gaps.map((g) => g.payload)).toEqual([
      {
        instrumentId: 'binance-spot:BTCUSDT',
        lastTradeId: FIRST_ID + 999,
        nextTradeId: FIRST_ID + 2000,
        missing: 1000,
        backfilled: 1000,
        status: 'backfilled',
      },
    ]);
    expect(run.server.restStats.paths.every((p) => p === '/api/v3/historicalTrades')).toBe(true);
  });

  it('plans a fresh connection before the lifetime limit and switches without loss or events', async () => {
    run = await startRun({}, { maxLifetimeMs: 300 });
    await playToEnd(run);
    expectExactTape(run);
    expect(run.feed.stats().streams.plannedSwitches).toBeGreaterThanOrEqual(2);
    expect(eventsOf(run, 'MarketDataConnectionLost')).toEqual([]);
    expect(run.server.stats.connections).toBeGreaterThanOrEqual(3);
  });
});
