import { describe, expect, it } from 'vitest';
import { StoreMaintenance } from '../../../core/src/app/store-maintenance.ts';
import type { MarketDataStore } from '../../../core/src/ports/market-store.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';

/** Records what the scheduler asked of the store. */
function fakeStore(pending: () => number) {
  const calls: string[] = [];
  const store = {
    register: async () => undefined,
    appendTick: () => undefined,
    appendCandle: () => undefined,
    flush: async () => void calls.push('flush'),
    applyRetention: async (now: number) => {
      calls.push(`retention@${now}`);
      return 3;
    },
    countRows: async () => 0,
    stats: () => ({ ticksAppended: 0, candlesAppended: 0, flushes: 0, rowsDeleted: 0 }),
    pendingRows: pending,
    close: async () => undefined,
  } satisfies MarketDataStore;
  return { store, calls };
}

describe('StoreMaintenance', () => {
  it('flushes on its event-time interval and runs retention every five minutes', async () => {
    const { store, calls } = fakeStore(() => 0);
    const m = new StoreMaintenance(
      store,
      { flushEveryMs: 60_000, flushAtRows: 1_000, retentionEveryMs: 300_000 },
      silentLogger,
    );
    for (let now = 0; now <= 600_000; now += 1_000) if (m.due(now)) await m.run(now);
    expect(calls.filter((c) => c === 'flush')).toHaveLength(10);
    expect(calls.filter((c) => c.startsWith('retention'))).toEqual(['retention@300000', 'retention@600000']);
    expect(m.rowsDeleted()).toBe(6);
  });

  it('flushes early when the buffer passes its row threshold', () => {
    let pending = 0;
    const { store } = fakeStore(() => pending);
    const m = new StoreMaintenance(
      store,
      { flushEveryMs: 60_000, flushAtRows: 1_000, retentionEveryMs: 300_000 },
      silentLogger,
    );
    expect(m.due(0)).toBe(false);
    pending = 1_000;
    expect(m.due(1)).toBe(true);
  });
});
