import { describe, expect, it } from 'vitest';
import { PaperVenue, paperVenueOptions } from '../../../core/src/adapters/paper/paper-venue.ts';
import { restoreOpenPositions } from '../../../core/src/app/restore.ts';
import { TradingSession } from '../../../core/src/app/trading-session.ts';
import { parseEngineConfig } from '../../../core/src/config/engine-config.ts';
import { defaultExitConfig } from '../../../core/src/config/exit-config.ts';
import { PositionMonitor, type ExitSignal } from '../../../core/src/risk/monitor/position-monitor.ts';
import { TrailingStop } from '../../../core/src/risk/monitor/trailing-stop.ts';
import { position, trade } from '../monitor/fixtures.ts';
import { BTC, ETH, KEY, T0, busHarness, storedPosition } from './fixtures.ts';
import { MemoryStateStore } from './memory-state-store.ts';

describe('TrailingStop resumed from a saved level', () => {
  it('starts at the saved stop and keeps tightening from it for a long', () => {
    const stop = new TrailingStop({
      direction: 'long',
      entryPrice: 50_000,
      initialStop: 49_750,
      trailingDistance: 0.005,
      resumeStop: 50_250,
    });
    expect(stop.stop).toBe(50_250);
    expect(stop.feed(50_400)).toBe(false);
    expect(stop.stop).toBe(50_250); // 50,400 is below the best that 50,250 trails: no change
    stop.feed(50_600);
    expect(stop.stop).toBeCloseTo(50_347, 6);
    expect(stop.feed(50_340)).toBe(true);
  });

  it('never sits looser than the saved stop for a short', () => {
    const stop = new TrailingStop({
      direction: 'short',
      entryPrice: 50_000,
      initialStop: 50_250,
      trailingDistance: 0.005,
      resumeStop: 49_800,
    });
    expect(stop.stop).toBe(49_800);
    expect(stop.feed(49_790)).toBe(false);
    expect(stop.stop).toBe(49_800);
    expect(stop.feed(49_800)).toBe(true);
  });
});

describe('PositionMonitor.restore', () => {
  it('fires the trailing stop at the saved level and resumes periodic checks after the restart', () => {
    const exits: ExitSignal[] = [];
    const monitor = new PositionMonitor(defaultExitConfig, (e) => exits.push(e));
    const restart = T0 + 3_600_000 + 700;
    monitor.restore(position({ direction: 'long' }), { stopPrice: 50_100, ts: restart, price: 50_300 });
    expect(monitor.stopOf('pos-1')).toBe(50_100);
    monitor.onTrade(trade(restart + 100, 50_200));
    expect(exits).toEqual([]);
    monitor.onTrade(trade(restart + 200, 50_100));
    expect(exits[0]).toMatchObject({ reason: 'trailing_stop', triggerPrice: 50_100 });
  });
});

function session() {
  const h = busHarness();
  const config = parseEngineConfig({});
  const venue = new PaperVenue(paperVenueOptions(config.execution), h.ids);
  const s = new TradingSession({
    config,
    bus: h.bus,
    emitter: h.emitter,
    ids: h.ids,
    venue,
    records: undefined,
  });
  return { ...h, session: s };
}

describe('restoreOpenPositions', () => {
  it('refuses to restore before a successful reconciliation', async () => {
    const { session: s } = session();
    const store = new MemoryStateStore();
    await store.upsertPosition(storedPosition());
    const result = await restoreOpenPositions(store, s, {
      key: KEY,
      now: T0,
      gate: { isTradingAllowed: () => false },
    });
    expect(result).toMatchObject({ ok: false, reasonCode: 'not_reconciled' });
    expect(s.execution.positions()).toEqual([]);
  });

  it('reports an unreadable store as a value', async () => {
    const { session: s } = session();
    const store = new MemoryStateStore();
    store.failNext('listPositions');
    expect(await restoreOpenPositions(store, s, { key: KEY, now: T0 })).toMatchObject({
      ok: false,
      reasonCode: 'store_unavailable',
    });
  });

  it('puts stored positions into the book and the monitor with their saved stops', async () => {
    const { session: s } = session();
    const store = new MemoryStateStore();
    await store.upsertPosition(storedPosition({ stopPrice: 49_900 }));
    await store.upsertPosition(
      storedPosition({
        positionId: 'pos-2',
        instrumentId: ETH,
        symbol: 'ETHUSDT',
        direction: 'short',
        entryPrice: 3_000,
        initialStop: 3_015,
        stopPrice: 3_010,
      }),
    );
    await store.upsertPosition(storedPosition({ exchange: 'kraken', positionId: 'other' }));
    const result = await restoreOpenPositions(store, s, { key: KEY, now: T0 + 60_000 });
    expect(result.ok && result.restored.map((p) => p.positionId)).toEqual(['pos-1', 'pos-2']);
    expect(s.execution.positions().map((p) => [p.positionId, p.quantity])).toEqual([
      ['pos-1', 0.5],
      ['pos-2', 0.5],
    ]);
    expect(s.monitor.stopOf('pos-1')).toBe(49_900);
    expect(s.monitor.stopOf('pos-2')).toBe(3_010);
    // Entry fees were paid before the restart: equity is the starting equity less them at entry marks.
    expect(s.execution.equity()).toBeCloseTo(10_000 - 20, 9);
  });

  it('skips a stored position whose instrument is already open', async () => {
    const { session: s } = session();
    const store = new MemoryStateStore();
    await store.upsertPosition(storedPosition());
    await restoreOpenPositions(store, s, { key: KEY, now: T0 });
    const again = await restoreOpenPositions(store, s, { key: KEY, now: T0 });
    expect(again).toMatchObject({
      ok: true,
      restored: [],
      skipped: [{ positionId: 'pos-1', reason: 'instrument_already_open' }],
    });
    expect(s.execution.positions().filter((p) => p.instrumentId === BTC)).toHaveLength(1);
  });
});
