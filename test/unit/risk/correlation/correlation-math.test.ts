import { describe, it, expect } from 'vitest';
import { ReturnRing, alignedReturns, pearson } from '../../../../core/src/risk/portfolio/correlation-math.ts';
import { BTC, ETH, MIN, T0, candle } from './fixtures.ts';

describe('pearson', () => {
  it('matches a hand-computed example', () => {
    // x mean 3, y mean 4: sum dx*dy = 6, sum dx^2 = 10, sum dy^2 = 6, r = 6 / sqrt(60) = 0.774597.
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5], 5)).toBeCloseTo(0.774597, 6);
  });

  it('gives -1 for a mirrored series and reads only the first n entries', () => {
    expect(pearson([1, 2, 3, 99], [3, 2, 1, -99], 3)).toBeCloseTo(-1, 12);
  });

  it('is undefined for a flat series or fewer than two points', () => {
    expect(pearson([0, 0, 0, 0], [1, 2, 3, 4], 4)).toBeUndefined();
    expect(pearson([1], [2], 1)).toBeUndefined();
  });

  it('keeps its precision on 1m-sized log returns', () => {
    const xs = [0.001, -0.002, 0.0005, 0.0015, -0.001];
    const ys = xs.map((x) => 3 * x + 1e-6);
    expect(pearson(xs, ys, 5)).toBeCloseTo(1, 12);
  });
});

describe('ReturnRing and alignedReturns', () => {
  it('stores 1m log returns between contiguous candles only', () => {
    const ring = new ReturnRing(10);
    ring.push(candle(ETH, 0, 100, 100));
    ring.push(candle(ETH, 1, 100, 101));
    ring.push(candle(ETH, 3, 101, 99)); // minute 2 had no trades: no return across the gap
    ring.push(candle(ETH, 4, 99, 100));
    expect(ring.length).toBe(2);
    expect(ring.valueAt(0)).toBeCloseTo(Math.log(101 / 100), 15);
    expect(ring.timeAt(0)).toBe(T0 + 2 * MIN);
    expect(ring.valueAt(1)).toBeCloseTo(Math.log(100 / 99), 15);
    expect(ring.timeAt(1)).toBe(T0 + 5 * MIN);
  });

  it('keeps only the newest capacity returns and ignores replayed candles', () => {
    const ring = new ReturnRing(3);
    for (let i = 0; i <= 5; i++) ring.push(candle(ETH, i, 100 + i, 101 + i));
    ring.push(candle(ETH, 2, 1, 1));
    expect(ring.length).toBe(3);
    expect([0, 1, 2].map((i) => ring.timeAt(i))).toEqual([T0 + 4 * MIN, T0 + 5 * MIN, T0 + 6 * MIN]);
    expect(ring.valueAt(2)).toBeCloseTo(Math.log(106 / 105), 15);
  });

  it('pairs returns of the same minutes up to the cutoff', () => {
    const a = new ReturnRing(10);
    const b = new ReturnRing(10);
    [100, 101, 102, 103, 104, 105].forEach((c, i) => a.push(candle(BTC, i, c, c)));
    [10, 11, 12, 13, 14, 15].forEach((c, i) => i !== 3 && b.push(candle(ETH, i, c, c)));
    const xs = new Float64Array(10);
    const ys = new Float64Array(10);
    // b has no candle 3, so no returns closing at minutes 4 and 5; the cutoff drops the pair closing at 6.
    const n = alignedReturns(a, b, T0 + 5 * MIN, xs, ys);
    expect(n).toBe(2);
    expect([xs[0], ys[0]]).toEqual([Math.log(102 / 101), Math.log(12 / 11)]);
    expect([xs[1], ys[1]]).toEqual([Math.log(101 / 100), Math.log(11 / 10)]);
  });
});
