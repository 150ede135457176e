import { describe, expect, it } from 'vitest';
import { evaluateCascade } from '../../../core/src/decision/level3-cascade.ts';
import { config, configWith, shortSnapshot, snapshot } from './fixtures.ts';

const cascade = (i1: number | null, i5: number | null, i15: number | null) => ({
  orderFlow: { cascade: { '1m': i1, '5m': i5, '15m': i15 } },
});

describe('Level 3 order-flow cascade', () => {
  it("passes the design's example 3.5 > 2.8 > 1.8 for a long", () => {
    const outcome = evaluateCascade(snapshot(cascade(3.5, 2.8, 1.8)), 'long', config);
    expect(outcome).toMatchObject({ stage: 'cascade', passed: true, reason: 'buying_accelerates' });
    expect(outcome.values).toEqual({ imbalance1m: 3.5, imbalance5m: 2.8, imbalance15m: 1.8, threshold: 2 });
  });

  it('passes 0.3 < 0.4 < 0.6 for a short', () => {
    const outcome = evaluateCascade(shortSnapshot(), 'short', config);
    expect(outcome).toMatchObject({ passed: true, reason: 'selling_accelerates' });
    expect(outcome.values['threshold']).toBe(0.5);
  });

  it.each([
    ['1m', cascade(null, 2.8, 1.8)],
    ['5m', cascade(3.5, null, 1.8)],
    ['15m', cascade(3.5, 2.8, null)],
  ])('is cascade_incomplete without a %s imbalance', (_tf, overrides) => {
    expect(evaluateCascade(snapshot(overrides), 'long', config).reason).toBe('cascade_incomplete');
  });

  it('rejects an unordered cascade 3.5 > 1.8 < 2.8', () => {
    expect(evaluateCascade(snapshot(cascade(3.5, 1.8, 2.8)), 'long', config).reason).toBe(
      'cascade_not_ordered',
    );
  });

  it('rejects equal neighbours 3.5 = 3.5 > 1.8 (strictly ordered)', () => {
    expect(evaluateCascade(snapshot(cascade(3.5, 3.5, 1.8)), 'long', config).reason).toBe(
      'cascade_not_ordered',
    );
  });

  it('rejects an ordered cascade whose 1m imbalance is exactly 2.0', () => {
    expect(evaluateCascade(snapshot(cascade(2.0, 1.5, 1.2)), 'long', config).reason).toBe('cascade_too_weak');
    expect(evaluateCascade(snapshot(cascade(2.01, 1.5, 1.2)), 'long', config).passed).toBe(true);
  });

  it('rejects a short cascade whose 1m imbalance is exactly 0.5', () => {
    expect(evaluateCascade(snapshot(cascade(0.5, 0.6, 0.8)), 'short', config).reason).toBe(
      'cascade_too_weak',
    );
    expect(evaluateCascade(snapshot(cascade(0.49, 0.6, 0.8)), 'short', config).passed).toBe(true);
  });

  it('rejects a buying cascade for a short', () => {
    expect(evaluateCascade(snapshot(), 'short', config).reason).toBe('cascade_not_ordered');
  });

  it('uses the configured 1m minimum', () => {
    const strict = configWith({ cascade: { longMin1m: 4 } });
    expect(evaluateCascade(snapshot(), 'long', strict).reason).toBe('cascade_too_weak');
  });
});
