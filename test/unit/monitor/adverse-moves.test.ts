import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFIT_THRESHOLDS } from '../../../core/src/config/exit-config.ts';
import {
  AdverseMoveCounter,
  adverseCapacity,
  favourableProfit,
  thresholdForProfit,
} from '../../../core/src/risk/monitor/adverse-moves.ts';

const table = DEFAULT_PROFIT_THRESHOLDS;

describe('thresholdForProfit (design 2.6.2)', () => {
  it('maps profit bands to 5 / 3 / 2 / 1 moves with lower bounds inclusive', () => {
    const cases: [number, number][] = [
      [-0.01, 5],
      [0, 5],
      [0.0029, 5],
      [0.003, 3],
      [0.0099, 3],
      [0.01, 2],
      [0.0199, 2],
      [0.02, 1],
      [0.05, 1],
    ];
    for (const [profit, moves] of cases)
      expect([profit, thresholdForProfit(profit, table)]).toEqual([profit, moves]);
  });

  it('gives threshold 3 at exactly +0.30% computed from prices, as the design table shows at 50,150', () => {
    const profit = favourableProfit('long', 50_000, 50_150);
    expect(profit).toBe(0.003);
    expect(thresholdForProfit(profit, table)).toBe(3);
    // A price that is not exact in binary still reaches its band.
    expect(thresholdForProfit(favourableProfit('long', 1.1, 1.1033), table)).toBe(3);
  });

  it('measures profit in the position favour: a short gains when the price falls', () => {
    expect(favourableProfit('short', 50_000, 49_500)).toBe(0.01);
    expect(favourableProfit('short', 50_000, 50_500)).toBe(-0.01);
    expect(favourableProfit('long', 50_000, 49_500)).toBe(-0.01);
  });
});

describe('AdverseMoveCounter', () => {
  it('counts consecutive drops of a long and restarts on a rise', () => {
    const c = new AdverseMoveCounter('long', 'sampled', 15_000, 6, 0, 100);
    const counts = [99, 98, 99, 98.5, 98, 97].map((price, i) => {
      c.sample((i + 1) * 2_000, price);
      return c.count((i + 1) * 2_000);
    });
    expect(counts).toEqual([1, 2, 0, 1, 2, 3]);
  });

  it('ends the streak on an equal sample in sampled mode', () => {
    const c = new AdverseMoveCounter('long', 'sampled', 15_000, 6, 0, 100);
    c.sample(2_000, 99);
    c.sample(4_000, 99);
    c.sample(6_000, 98);
    expect(c.count(6_000)).toBe(1);
  });

  it('skips an unchanged price in tick mode so the streak continues', () => {
    const c = new AdverseMoveCounter('long', 'tick', 15_000, 6, 0, 100);
    c.sample(500, 99);
    c.sample(600, 99);
    c.sample(700, 98);
    expect(c.count(2_000)).toBe(2);
  });

  it('counts rises for a short', () => {
    const c = new AdverseMoveCounter('short', 'sampled', 15_000, 6, 0, 100);
    c.sample(2_000, 101);
    c.sample(4_000, 102);
    c.sample(6_000, 101.5);
    c.sample(8_000, 101.6);
    expect(c.count(8_000)).toBe(1);
  });

  it('drops moves whose earlier sample left the 15 s window', () => {
    const c = new AdverseMoveCounter('long', 'tick', 15_000, 6, 0, 100);
    c.sample(1_000, 99);
    c.sample(2_000, 98);
    c.sample(3_000, 97);
    expect(c.count(3_000)).toBe(3);
    // At 15,500 the base sample (ts 0) is out: three samples left, two moves.
    expect(c.count(15_500)).toBe(2);
    // At 18,000 every sample is older than 15 s.
    expect(c.count(18_000)).toBe(0);
  });

  it('caps the count at capacity - 1 without losing the decision', () => {
    const c = new AdverseMoveCounter('long', 'tick', 15_000, 6, 0, 100);
    for (let i = 1; i <= 9; i++) c.sample(i * 100, 100 - i);
    expect(c.count(1_000)).toBe(5);
  });

  it('sizes the ring by the largest threshold, bounded by the samples a window holds in sampled mode', () => {
    expect(adverseCapacity('sampled', table, 15_000, 2_000)).toBe(6);
    expect(adverseCapacity('tick', table, 15_000, 2_000)).toBe(6);
    expect(adverseCapacity('sampled', [{ moves: 20 }], 15_000, 2_000)).toBe(8);
    expect(adverseCapacity('tick', [{ moves: 20 }], 15_000, 2_000)).toBe(21);
  });
});
