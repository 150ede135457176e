import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceVenue } from '../../../core/src/adapters/binance/execution/index.ts';
import { EmbeddedStateStore } from '../../../core/src/adapters/embedded/embedded-state-store.ts';
import { restoreOpenPositions } from '../../../core/src/app/restore.ts';
import type { Fill } from '../../../core/src/domain/trading.ts';
import type { FakeBinanceTradingServer } from '../../support/fake-binance/trading-server.ts';
import { KEY, USDM, bootProcess, freshIds, startFakeExchange, startLiveVenue, until } from './world.ts';

const ALL_TIME = { since: 0, until: Number.MAX_SAFE_INTEGER };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function exchange(): Promise<FakeBinanceTradingServer> {
  const server = await startFakeExchange();
  cleanups.push(() => server.stop());
  return server;
}

async function venueOn(server: FakeBinanceTradingServer, ids: Parameters<typeof startLiveVenue>[1]) {
  const venue: BinanceVenue = await startLiveVenue(server, ids);
  cleanups.push(() => venue.stop());
  return venue;
}

async function stateFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'live-restart-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'state.duckdb');
}

function fillsOf(events: readonly { type: string; payload: unknown }[]): Fill[] {
  return events.filter((e) => e.type === 'OrderFilled').map((e) => e.payload as Fill);
}

describe('crash and restart with an open USD-M position on the live Binance venue (fake exchange)', () => {
  it('restores the position from the store, keeps trailing from the stored stop and closes it once on the venue', async () => {
    const server = await exchange();
    const file = await stateFile();

    // ── First life: a long opens on the exchange, the stop trails, the cadence write lands, then it dies.
    const storeA = await EmbeddedStateStore.openFile(file);
    cleanups.push(() => storeA.close().catch(() => undefined));
    const idsA = freshIds();
    const venueA = await venueOn(server, idsA);
    const a = bootProcess(server, venueA, storeA, idsA);
    expect((await a.reconciler.reconcile('startup')).status).toBe('clean');
    a.analytics();
    await until(() => a.count('PositionOpened') === 1, 'the entry fill');
    const [open] = a.session.execution.positions();
    if (!open) throw new Error('the first life opened no position');
    expect(server.book.positions.get('BTCUSDT')).toEqual({ amt: open.quantity, entryPrice: 50_260 });
    expect(open).toMatchObject({ instrumentId: USDM, direction: 'long', entryPrice: 50_260 });
    const initialStop = a.session.monitor.stopOf(open.positionId);
    expect(initialStop).toBe(open.initialStop);

    a.trade(50_260);
    a.trade(50_800);
    const storedStop = a.session.monitor.stopOf(open.positionId);
    expect(storedStop).toBe(50_800 - 50_800 * 0.005);
    expect(storedStop).toBeGreaterThan(initialStop!);
    a.sync.syncPositions();
    await a.sync.flush();
    expect(await storeA.getPosition(open.positionId)).toMatchObject({
      quantity: open.quantity,
      stopPrice: storedStop,
    });
    // One more high tightens the stop in memory only (position writes ride the 5 s analytics cadence).
    a.trade(50_900);
    const lostStop = a.session.monitor.stopOf(open.positionId)!;
    expect(lostStop).toBeGreaterThan(storedStop!);
    // The crash: no flush, no final sync. The socket and the file handle die with the process; the
    // unsynced tightening to `lostStop` is what is lost.
    a.sync.stop();
    await venueA.stop();
    await storeA.close();

    // ── Second life: new ids, a new venue on the same exchange (which still holds the long), the file.
    const storeB = await EmbeddedStateStore.openFile(file);
    cleanups.push(() => storeB.close().catch(() => undefined));
    const idsB = freshIds();
    const venueB = await venueOn(server, idsB);
    const b = bootProcess(server, venueB, storeB, idsB);
    expect(b.reconciler.isTradingAllowed()).toBe(false);
    const outcome = await b.reconciler.reconcile('startup');
    expect(outcome).toMatchObject({ status: 'clean', positionsChecked: 1, resolutions: [] });
    expect(b.count('ReconciliationCompleted')).toBe(1);
    const restored = await restoreOpenPositions(storeB, b.session, {
      key: KEY,
      now: b.now(),
      gate: b.reconciler,
    });
    expect(restored).toMatchObject({ ok: true, skipped: [] });
    expect(b.session.execution.positions()).toEqual([
      expect.objectContaining({
        positionId: open.positionId,
        quantity: open.quantity,
        entryPrice: open.entryPrice,
      }),
    ]);
    const resumedStop = b.session.monitor.stopOf(open.positionId)!;
    expect(resumedStop).toBe(storedStop);
    expect(resumedStop).toBeLessThan(lostStop);

    // The tape goes on: a new high tightens from the stored level, a dip does not loosen it.
    b.trade(51_000);
    expect(b.session.monitor.stopOf(open.positionId)).toBe(51_000 - 51_000 * 0.005);
    b.trade(50_900, 'sell');
    expect(b.session.monitor.stopOf(open.positionId)).toBe(50_745);
    expect(b.count('ExitTriggered')).toBe(0);
    // The reversal: the trade through the stop sends a reduce-only market sell to the exchange.
    b.trade(50_730, 'sell');
    await until(() => b.count('PositionClosed') === 1, 'the exit fill');
    await venueB.live.settled();
    b.trade(50_700, 'sell');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(b.count('ExitTriggered')).toBe(1);
    expect(b.count('PositionClosed')).toBe(1);
    const closed = b.events.find((e) => e.type === 'PositionClosed');
    expect(closed?.payload).toMatchObject({
      reason: 'trailing_stop',
      exitPrice: 50_730,
      position: { positionId: open.positionId },
    });
    expect(server.book.positions.get('BTCUSDT')?.amt).toBe(0);
    const exitOrders = [...server.book.orders.values()].filter((o) => o.side === 'SELL');
    expect(exitOrders).toEqual([
      expect.objectContaining({ reduceOnly: true, type: 'MARKET', origQty: open.quantity, status: 'FILLED' }),
    ]);

    // One trade record, and the exchange's trades and our fills match one for one.
    await b.sync.flush();
    const trades = await storeB.listTrades(ALL_TIME);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      positionId: open.positionId,
      quantity: open.quantity,
      entryPrice: 50_260,
      exitPrice: 50_730,
      reason: 'trailing_stop',
    });
    expect(await storeB.listPositions(KEY)).toEqual([]);
    const ours = [...fillsOf(a.events), ...fillsOf(b.events)];
    expect(ours.map((f) => [f.side, f.price, f.quantity])).toEqual(
      server.book.trades.map((t, i) => [i === 0 ? 'buy' : 'sell', t.price, t.qty]),
    );
    expect(new Set(ours.map((f) => f.fillId)).size).toBe(ours.length);
    for (const [i, trade] of server.book.trades.entries()) {
      expect(ours[i]!.fillId).toContain(String(trade.tradeId));
      expect(ours[i]!.fee).toBeCloseTo(trade.commission, 8);
    }
    // A later reconciliation agrees with the exchange and appends nothing more.
    expect((await b.reconciler.reconcile('schedule')).status).toBe('clean');
    expect(await storeB.listTrades(ALL_TIME)).toHaveLength(1);
  });
});
