import { describe, expect, it } from 'vitest';
import { TickRing } from '../../../../core/src/analytics/orderflow/tick-ring.ts';
import { PriceStats } from '../../../../core/src/analytics/orderflow/price-stats.ts';
import { TrailingWindow } from '../../../../core/src/analytics/orderflow/trailing-window.ts';
import { bucketWidthFor } from '../../../../core/src/analytics/profile/bucket-width.ts';
import { bucketOf, MarketProfile } from '../../../../core/src/analytics/profile/market-profile.ts';
import { BTC_TAPE, ETH_TAPE, loadTape } from '../../../support/tape.ts';

function profileOf(trades: [number, number][], bps = 1) {
  const ring = new TickRing(8);
  const profile = new MarketProfile(bps, 0.7);
  const window = new TrailingWindow(ring, 900_000, [profile]);
  trades.forEach(([price, qty], i) => {
    window.onPushed(ring.push(i, price, qty, 'buy'));
    window.advanceTo(i);
  });
  return { profile, window, ring };
}

describe('bucketWidthFor', () => {
  it('picks the largest 1-2-5 step not above one basis point of the first price', () => {
    expect(bucketWidthFor(61_837.63, 1)).toBe(5);
    expect(bucketWidthFor(2_681.62, 1)).toBe(0.2);
    expect(bucketWidthFor(1.14543, 1)).toBe(0.0001);
    expect(bucketWidthFor(100, 1)).toBe(0.01);
    expect(bucketWidthFor(100, 10)).toBe(0.1);
  });
});

describe('MarketProfile', () => {
  // Price 100 → width 0.01 at 1 bp. Volumes per bucket (hand-worked):
  // 99.97:2  99.98:5  99.99:8  100.00:20  100.01:6  100.02:4  100.03:5 → total 50, 70% = 35.
  const trades: [number, number][] = [
    [100.0, 10],
    [99.99, 8],
    [100.01, 6],
    [99.98, 5],
    [100.0, 10],
    [100.02, 4],
    [99.97, 2],
    [100.03, 5],
  ];

  it('puts the POC at the middle of the bucket with the most volume', () => {
    expect(profileOf(trades).profile.compute(0)?.poc).toBe(100.005);
  });

  it('grows the value area towards the heavier neighbour until it holds 70% of the volume', () => {
    // POC 20 → below 8 vs above 6: take 99.99 (28) → below 5 vs above 6: take 100.01 (34)
    // → below 5 vs above 4: take 99.98 (39 >= 35). Value area = [99.98, 100.02).
    const view = profileOf(trades).profile.compute(0);
    expect(view).toMatchObject({ valueAreaLow: 99.98, valueAreaHigh: 100.02, bucketWidth: 0.01 });
  });

  it('forgets trades that leave the window, removing emptied buckets', () => {
    const { profile, window } = profileOf(trades);
    window.advanceTo(900_000 + 3); // drops the first four trades (ts 0..3)
    const view = profile.compute(900_003);
    // Left: 99.97:2, 100.00:10, 100.02:4, 100.03:5 → POC 100.00; 70% of 21 = 14.7.
    // Neighbours are occupied buckets: above 4 vs below 2 → 14; above 5 vs below 2 → 19 >= 14.7.
    expect(view?.poc).toBe(100.005);
    expect(view).toMatchObject({ valueAreaLow: 100, valueAreaHigh: 100.04 });
  });

  it('returns null before any trade', () => {
    expect(new MarketProfile(1, 0.7).compute(0)).toBeNull();
  });
});

describe('MarketProfile on real ETHUSDT trades', () => {
  it('matches a brute-force profile built with exact decimal bucketing over the trailing 15 minutes', () => {
    const ticks = loadTape(ETH_TAPE, 'binance-spot:ETHUSDT');
    const ring = new TickRing(8);
    const profile = new MarketProfile(1, 0.7);
    const window = new TrailingWindow(ring, 300_000, [profile]);
    for (const t of ticks) {
      window.onPushed(ring.push(t.ts, t.price, t.qty, t.side));
      window.advanceTo(t.ts);
    }
    const now = ticks[ticks.length - 1]!.ts;
    // Reference: prices in cents (integers), width 0.2 = 20 cents, volumes per bucket by plain summation.
    const buckets = new Map<number, number>();
    for (const t of ticks) {
      if (t.ts <= now - 300_000) continue;
      const key = Math.floor(Math.round(t.price * 100) / 20);
      buckets.set(key, (buckets.get(key) ?? 0) + t.qty);
    }
    const keys = [...buckets.keys()].sort((a, b) => a - b);
    const vols = keys.map((k) => buckets.get(k)!);
    let poc = 0;
    vols.forEach((v, i) => {
      if (v > vols[poc]!) poc = i;
    });
    const total = vols.reduce((a, b) => a + b, 0);
    let [lo, hi, inside] = [poc, poc, vols[poc]!];
    while (inside < total * 0.7) {
      const above = hi < vols.length - 1 ? vols[hi + 1]! : -1;
      const below = lo > 0 ? vols[lo - 1]! : -1;
      if (above >= below) inside += vols[++hi]!;
      else inside += vols[--lo]!;
    }
    const view = profile.compute(now)!;
    expect(view.bucketWidth).toBe(0.2);
    expect(view.poc).toBeCloseTo((keys[poc]! + 0.5) * 0.2, 9);
    expect(view.valueAreaLow).toBeCloseTo(keys[lo]! * 0.2, 9);
    expect(view.valueAreaHigh).toBeCloseTo((keys[hi]! + 1) * 0.2, 9);
  });

  it('puts a price sitting exactly on a bucket edge into that bucket despite binary rounding', () => {
    expect(bucketOf(2681.2, 0.2)).toBe(13406);
    expect(bucketOf(2681.19, 0.2)).toBe(13405);
    expect(bucketOf(61835, 5)).toBe(12367);
  });
});

describe('PriceStats', () => {
  it('matches the mean and population standard deviation of a brute-force 5-minute rescan of the real tape', () => {
    const ticks = loadTape(BTC_TAPE, 'binance-spot:BTCUSDT');
    const ring = new TickRing(8);
    const stats = new PriceStats();
    const window = new TrailingWindow(ring, 300_000, [stats]);
    ticks.forEach((t, i) => {
      window.onPushed(ring.push(t.ts, t.price, t.qty, t.side));
      window.advanceTo(t.ts);
      if (i % 4_000 !== 3_999) return;
      const inside = ticks
        .slice(0, i + 1)
        .filter((x) => x.ts > t.ts - 300_000)
        .map((x) => x.price);
      const mean = inside.reduce((s, p) => s + p, 0) / inside.length;
      const std = Math.sqrt(inside.reduce((s, p) => s + (p - mean) ** 2, 0) / inside.length);
      expect(stats.count).toBe(inside.length);
      expect(stats.mean()).toBeCloseTo(mean, 6);
      expect(stats.std()).toBeCloseTo(std, 6);
      expect(stats.zScore(t.price)).toBeCloseTo((t.price - mean) / std, 6);
    });
  });
});
