import { describe, expect, it } from 'vitest';
import type { BackfillResult } from '../../../core/src/adapters/binance/feed/sequencer.ts';
import { TradeSequencer, type FeedTimers } from '../../../core/src/adapters/binance/feed/index.ts';
import type { PayloadOf } from '../../../core/src/events/events.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';

/** Timers the test moves by hand. */
class ManualTimers implements FeedTimers {
  now = 0;
  private queue: { at: number; fn: () => void; handle: number }[] = [];
  private nextHandle = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.queue.push({ at: this.now + ms, fn, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.handle !== handle);
  }
  advance(ms: number): void {
    this.now += ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.clearTimeout(due.handle);
      due.fn();
    }
  }
}

const tick = (id: number): TradeTick => ({
  instrumentId: 'binance-spot:BTCUSDT',
  ts: 1000 + id,
  localTs: 1000 + id,
  price: 100,
  qty: 1,
  side: 'buy',
  tradeId: id,
});

function setup(backfill: (from: number, to: number) => Promise<BackfillResult>) {
  const timers = new ManualTimers();
  const out: number[] = [];
  const gaps: PayloadOf<'MarketDataGapDetected'>[] = [];
  const seq = new TradeSequencer({
    instrumentId: 'binance-spot:BTCUSDT',
    emit: (t) => out.push(t.tradeId as number),
    onGap: (g) => gaps.push(g),
    backfill,
    timers,
    gapGraceMs: 100,
  });
  return { seq, timers, out, gaps };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('trade sequencer', () => {
  it('drops duplicates and ids at or below the last emitted, counting them', () => {
    const { seq, out } = setup(() => Promise.reject(new Error('no backfill expected')));
    for (const id of [1, 2, 2, 3, 1, 4]) seq.onTick(tick(id));
    expect(out).toEqual([1, 2, 3, 4]);
    expect(seq.counters.duplicates).toBe(2);
  });

  it('waits the grace period for a late trade and puts it back in order', () => {
    const { seq, timers, out } = setup(() => Promise.reject(new Error('no backfill expected')));
    for (const id of [1, 3, 4, 2, 5]) seq.onTick(tick(id));
    expect(out).toEqual([1, 2, 3, 4, 5]);
    timers.advance(1000);
    expect(seq.counters).toMatchObject({ reordered: 1, gaps: 0 });
  });

  it('holds live trades during a backfill and releases everything in id order', async () => {
    let resolve: (r: BackfillResult) => void = () => undefined;
    const { seq, timers, out, gaps } = setup(() => new Promise((r) => (resolve = r)));
    for (const id of [1, 2, 6, 7]) seq.onTick(tick(id));
    timers.advance(100);
    seq.onTick(tick(8));
    seq.onTick(tick(4)); // a late live trade inside the hole
    expect(out).toEqual([1, 2]);
    resolve({ ticks: [3, 4, 5].map(tick), complete: true });
    await flush();
    expect(out).toEqual(range(1, 8));
    expect(gaps).toEqual([
      {
        instrumentId: 'binance-spot:BTCUSDT',
        lastTradeId: 2,
        nextTradeId: 6,
        missing: 3,
        backfilled: 3,
        status: 'backfilled',
      },
    ]);
  });

  it('reports a partial backfill, skips what is lost and goes on live', async () => {
    const { seq, timers, out, gaps } = setup(async () => ({ ticks: [tick(3)], complete: false }));
    for (const id of [1, 2, 6]) seq.onTick(tick(id));
    timers.advance(100);
    await flush();
    seq.onTick(tick(7));
    expect(out).toEqual([1, 2, 3, 6, 7]);
    expect(gaps[0]).toMatchObject({ missing: 3, backfilled: 1, status: 'partial' });
    expect(seq.counters.unrecoveredTrades).toBe(2);
    expect(seq.busy).toBe(false);
  });
});
