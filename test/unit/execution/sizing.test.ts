import { describe, expect, it } from 'vitest';
import { positionSize } from '../../../core/src/execution/sizing.ts';

const designExample = {
  equity: 10_000,
  riskFraction: 0.02,
  riskMultiplier: 1,
  entryPrice: 50_000,
  stopPrice: 49_750,
  leverage: 5,
};

describe('positionSize', () => {
  it('reproduces the design example: 2% risk, 5x, 0.5% stop on 10,000 puts up 8,000 and loses 200 at the stop', () => {
    const size = positionSize(designExample);
    expect(size.stopDistance).toBeCloseTo(0.005, 12);
    expect(size.margin).toBeCloseTo(8_000, 6);
    expect(size.notional).toBeCloseTo(40_000, 6);
    expect(size.quantity).toBeCloseTo(0.8, 12);
    expect(size.leverageUsed).toBe(5);
    expect(size.riskAmount).toBeCloseTo(200, 6);
    // The design's own check: 8,000 × 0.005 × 5 = 200.
    expect(size.margin * size.stopDistance * size.leverageUsed).toBeCloseTo(200, 6);
  });

  it('caps exposure at equity times leverage when the stop is tight', () => {
    const size = positionSize({ ...designExample, stopPrice: 49_950 });
    // 200 / 0.001 = 200,000 wanted, 5x of 10,000 allowed.
    expect(size.notional).toBeCloseTo(50_000, 6);
    expect(size.margin).toBeCloseTo(10_000, 6);
    expect(size.riskAmount).toBeCloseTo(50, 6);
  });

  it('never uses more than the max leverage even when more is configured', () => {
    const size = positionSize({ ...designExample, stopPrice: 49_950, leverage: 20, maxLeverage: 10 });
    expect(size.leverageUsed).toBe(10);
    expect(size.notional).toBeCloseTo(100_000, 6);
    const hardCapped = positionSize({ ...designExample, stopPrice: 49_950, leverage: 20, maxLeverage: 50 });
    expect(hardCapped.leverageUsed).toBe(10);
  });

  it('scales the risk budget by the tier multiplier', () => {
    const size = positionSize({ ...designExample, riskMultiplier: 0.5 });
    expect(size.notional).toBeCloseTo(20_000, 6);
    expect(size.riskAmount).toBeCloseTo(100, 6);
  });

  it('sizes a short from the distance of a stop above entry', () => {
    const size = positionSize({ ...designExample, stopPrice: 50_250 });
    expect(size.notional).toBeCloseTo(40_000, 6);
  });

  it('lets the leverage cap alone decide when the stop equals the entry', () => {
    const size = positionSize({ ...designExample, stopPrice: 50_000 });
    expect(size.notional).toBeCloseTo(50_000, 6);
    expect(size.riskAmount).toBe(0);
  });

  it('gives nothing to trade without equity', () => {
    expect(positionSize({ ...designExample, equity: 0 }).quantity).toBe(0);
    expect(positionSize({ ...designExample, equity: -5 }).notional).toBe(0);
  });
});
