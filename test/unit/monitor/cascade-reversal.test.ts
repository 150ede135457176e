import { describe, expect, it } from 'vitest';
import { cascadeReversed, describeCascade } from '../../../core/src/risk/monitor/cascade-reversal.ts';

const thresholds = { longBelow: 0.5, shortAbove: 2.0 };

describe('cascadeReversed (design 2.6.1, decisions.md #14)', () => {
  it('holds a long while the cascade is bullish and exits on the design example 0.4 < 0.6 < 0.9', () => {
    expect(cascadeReversed('long', { i1m: 3.2, i5m: 2.7, i15m: 1.9 }, thresholds)).toBe(false);
    expect(cascadeReversed('long', { i1m: 2.8, i5m: 2.5, i15m: 1.8 }, thresholds)).toBe(false);
    expect(cascadeReversed('long', { i1m: 0.4, i5m: 0.6, i15m: 0.9 }, thresholds)).toBe(true);
  });

  it('needs both heavy selling and an accelerating order for a long', () => {
    expect(cascadeReversed('long', { i1m: 0.5, i5m: 0.6, i15m: 0.9 }, thresholds)).toBe(false);
    expect(cascadeReversed('long', { i1m: 0.4, i5m: 0.9, i15m: 0.6 }, thresholds)).toBe(false);
    expect(cascadeReversed('long', { i1m: 0.4, i5m: 0.4, i15m: 0.9 }, thresholds)).toBe(false);
  });

  it('mirrors for a short: 1m > 2.0 and 1m > 5m > 15m', () => {
    expect(cascadeReversed('short', { i1m: 2.5, i5m: 2.1, i15m: 1.2 }, thresholds)).toBe(true);
    expect(cascadeReversed('short', { i1m: 2.0, i5m: 1.5, i15m: 1.2 }, thresholds)).toBe(false);
    expect(cascadeReversed('short', { i1m: 2.5, i5m: 1.2, i15m: 2.1 }, thresholds)).toBe(false);
    expect(cascadeReversed('short', { i1m: 0.4, i5m: 0.6, i15m: 0.9 }, thresholds)).toBe(false);
  });

  it('gives no signal when any imbalance is unknown', () => {
    expect(cascadeReversed('long', { i1m: 0.1, i5m: null, i15m: 0.9 }, thresholds)).toBe(false);
    expect(cascadeReversed('short', { i1m: null, i5m: 2.0, i15m: 1.0 }, thresholds)).toBe(false);
  });

  it('describes the reversal with the three values', () => {
    expect(describeCascade({ i1m: 0.4, i5m: 0.6, i15m: 0.9 }, 'long')).toBe(
      'cascade reversed: 1m 0.40 < 5m 0.60 < 15m 0.90',
    );
  });
});
