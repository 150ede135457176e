import { describe, expect, it } from 'vitest';
import { scoreAutocorrelation } from '../../../../core/src/decision/filters/autocorrelation-filter.ts';
import { config, snapshot } from '../fixtures.ts';

const at = (autocorrelation: number | null, direction: 'long' | 'short' = 'long') =>
  scoreAutocorrelation(snapshot({ autocorrelation }), direction, config);

describe('autocorrelation filter', () => {
  it('gives a low correlation r = 0.2 the full 1.0', () => {
    expect(at(0.2)).toEqual({ filter: 'autocorrelation', points: 1, weight: 1, reason: 'low_correlation' });
    expect(at(-0.29).points).toBe(1);
  });

  it('gives a high correlation |r| > 0.6 the full 1.0, positive or negative', () => {
    expect(at(0.61)).toMatchObject({ points: 1, reason: 'high_correlation' });
    expect(at(-0.7).points).toBe(1);
  });

  it('gives medium correlation 0.5, bounds 0.3 and 0.6 included', () => {
    expect(at(0.45)).toMatchObject({ points: 0.5, reason: 'medium_correlation' });
    expect(at(0.3).points).toBe(0.5);
    expect(at(0.6).points).toBe(0.5);
    expect(at(-0.5).points).toBe(0.5);
  });

  it('scores shorts the same way', () => {
    expect(at(0.2, 'short').points).toBe(1);
    expect(at(0.45, 'short').points).toBe(0.5);
  });

  it('gives 0 without a correlation', () => {
    expect(at(null)).toMatchObject({ points: 0, reason: 'autocorrelation_unknown' });
  });
});
