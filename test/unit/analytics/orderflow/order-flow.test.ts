import { describe, expect, it } from 'vitest';
import { imbalanceRatio } from '../../../../core/src/analytics/orderflow/imbalance.ts';
import { OrderFlowAnalyzer } from '../../../../core/src/analytics/orderflow/order-flow.ts';
import { TickRing } from '../../../../core/src/analytics/orderflow/tick-ring.ts';
import { defaultAnalyticsConfig } from '../../../../core/src/config/analytics-config.ts';
import type { TradeTick } from '../../../../core/src/domain/ticks.ts';
import { BTC_TAPE, loadTape, tick } from '../../../support/tape.ts';

const config = defaultAnalyticsConfig.orderFlow;

function feed(ticks: readonly TradeTick[], onEach?: (a: OrderFlowAnalyzer, i: number) => void) {
  const ring = new TickRing(8);
  const analyzer = new OrderFlowAnalyzer(ring, config);
  ticks.forEach((t, i) => {
    analyzer.onTrade(ring.push(t.ts, t.price, t.qty, t.side), t.ts, t.qty);
    let oldest = ring.next;
    for (const w of analyzer.windows) oldest = Math.min(oldest, w.startSeq);
    ring.releaseBefore(oldest);
    onEach?.(analyzer, i);
  });
  return { analyzer, ring };
}

/** Brute-force reference: scan the tape for the window (now - len, now]. */
function scan(ticks: readonly TradeTick[], upto: number, lenMs: number) {
  const now = ticks[upto]!.ts;
  let buy = 0;
  let sell = 0;
  let n = 0;
  for (let i = 0; i <= upto; i++) {
    const t = ticks[i]!;
    if (t.ts <= now - lenMs) continue;
    n++;
    if (t.side === 'buy') buy += t.qty;
    else sell += t.qty;
  }
  return { buy, sell, n };
}

describe('imbalanceRatio', () => {
  it('is buy volume over sell volume once at least five trades are in the window', () => {
    expect(imbalanceRatio(3, 1, 5, 5, 100)).toBe(3);
    expect(imbalanceRatio(3, 1, 4, 5, 100)).toBeNull();
  });
  it('gives the cap when only buyers traded, zero when only sellers did, and null when nobody did', () => {
    expect(imbalanceRatio(2, 0, 6, 5, 100)).toBe(100);
    expect(imbalanceRatio(0, 2, 6, 5, 100)).toBe(0);
    expect(imbalanceRatio(0, 0, 6, 5, 100)).toBeNull();
    expect(imbalanceRatio(500, 1, 6, 5, 100)).toBe(100);
  });
});

describe('OrderFlowAnalyzer', () => {
  it('matches a brute-force rescan of the real BTCUSDT tape for the 30 s, 1m, 5m and 15m windows and CVD', () => {
    const ticks = loadTape(BTC_TAPE, 'binance-spot:BTCUSDT');
    const checkpoints = new Set([10, 500, 4_000, 9_999, 15_000, ticks.length - 1]);
    let checked = 0;
    feed(ticks, (a, i) => {
      if (!checkpoints.has(i)) return;
      const view = a.view(ticks[i]!.ts);
      const s30 = scan(ticks, i, 30_000);
      expect(view.trades30s).toBe(s30.n);
      expect(view.buyVolume30s).toBeCloseTo(s30.buy, 9);
      expect(view.sellVolume30s).toBeCloseTo(s30.sell, 9);
      expect(view.imbalance30s).toBeCloseTo(imbalanceRatio(s30.buy, s30.sell, s30.n, 5, 100) ?? NaN, 9);
      for (const [label, len] of [
        ['1m', 60_000],
        ['5m', 300_000],
        ['15m', 900_000],
      ] as const) {
        const s = scan(ticks, i, len);
        expect(view.cascade[label]).toBeCloseTo(imbalanceRatio(s.buy, s.sell, s.n, 5, 100) ?? NaN, 9);
      }
      const s15 = scan(ticks, i, 900_000);
      expect(view.cvd15m).toBeCloseTo(s15.buy - s15.sell, 8);
      const s5 = scan(ticks, i, 300_000);
      expect(view.averageTradeSize5m).toBeCloseTo((s5.buy + s5.sell) / s5.n, 12);
      checked++;
    });
    expect(checked).toBe(checkpoints.size);
  });

  it('keeps only the trades the longest window needs in the ring', () => {
    const ticks = Array.from({ length: 5_000 }, (_, i) => tick(i * 1_000, 100, 1, i % 2 ? 'buy' : 'sell'));
    const { ring } = feed(ticks);
    expect(ring.size).toBe(900);
  });

  it('flags a trade larger than ten times the average size of the previous five minutes', () => {
    const ring = new TickRing(8);
    const a = new OrderFlowAnalyzer(ring, config);
    for (let i = 0; i < 10; i++) expect(a.onTrade(ring.push(i, 100, 1, 'buy'), i, 1)).toBeUndefined();
    expect(a.onTrade(ring.push(20, 100, 10, 'buy'), 20, 10)).toBeUndefined();
    const large = a.onTrade(ring.push(21, 100, 30, 'sell'), 21, 30);
    expect(large?.averageQty).toBeCloseTo(20 / 11, 12);
    expect(large?.multiple).toBeCloseTo(30 / (20 / 11), 9);
    expect(a.view(21).largeTrades5m).toBe(1);
    a.advanceTo(21 + 300_000);
    expect(a.view(21 + 300_000).largeTrades5m).toBe(0);
  });

  it('judges a trade after a lull against the last five minutes only, not the trades before the lull', () => {
    const ring = new TickRing(8);
    const a = new OrderFlowAnalyzer(ring, config);
    for (let i = 0; i < 5; i++) a.onTrade(ring.push(i, 100, 1, 'buy'), i, 1);
    const later = 20 * 60_000;
    expect(a.onTrade(ring.push(later, 100, 20, 'buy'), later, 20)).toBeUndefined();
    expect(a.view(later).averageTradeSize5m).toBe(20);
  });

  it('detects exhaustion when the last 30 s carry less than half the 5-minute average volume per 30 s', () => {
    const ring = new TickRing(8);
    const a = new OrderFlowAnalyzer(ring, config);
    // One unit per second for five minutes: 30 units per 30 s on average.
    for (let s = 0; s < 300; s++) a.onTrade(ring.push(s * 1_000, 100, 1, 'buy'), s * 1_000, 1);
    expect(a.view(299_000).exhausted).toBe(false);
    // Then one trade every 3 s: 10 units per 30 s, a third of the average.
    let t = 299_000;
    for (let k = 0; k < 20; k++) {
      t += 3_000;
      a.onTrade(ring.push(t, 100, 1, 'sell'), t, 1);
    }
    const view = a.view(t);
    expect(view.aggressiveVolumeRatio).toBeLessThan(0.5);
    expect(view.exhausted).toBe(true);
  });

  it('reports no exhaustion before five minutes of history exist', () => {
    const ring = new TickRing(8);
    const a = new OrderFlowAnalyzer(ring, config);
    for (let s = 0; s < 100; s++) a.onTrade(ring.push(s * 1_000, 100, 1, 'buy'), s * 1_000, 1);
    expect(a.view(99_000).aggressiveVolumeRatio).toBeNull();
  });

  it('empties its windows when the clock moves on without trades', () => {
    const ring = new TickRing(8);
    const a = new OrderFlowAnalyzer(ring, config);
    for (let i = 0; i < 10; i++) a.onTrade(ring.push(i * 100, 100, 1, 'buy'), i * 100, 1);
    expect(a.view(900).trades30s).toBe(10);
    a.advanceTo(40_000);
    const view = a.view(40_000);
    expect([view.trades30s, view.buyVolume30s, view.imbalance30s]).toEqual([0, 0, null]);
  });
});
