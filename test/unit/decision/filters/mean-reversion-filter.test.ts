import { describe, expect, it } from 'vitest';
import { scoreMeanReversion } from '../../../../core/src/decision/filters/mean-reversion-filter.ts';
import { config, shortSnapshot, snapshot } from '../fixtures.ts';

const longZ = (zScore: number | null) =>
  scoreMeanReversion(snapshot({ meanReversion: { zScore } }), 'long', config);
const shortZ = (zScore: number) =>
  scoreMeanReversion(shortSnapshot({ meanReversion: { zScore } }), 'short', config);

describe('mean reversion filter', () => {
  it('gives -1.8 sigma 0.75 for a long: beyond 1 sigma, not beyond 2 (the design example claims 1.5)', () => {
    expect(longZ(-1.8)).toEqual({
      filter: 'mean_reversion',
      points: 0.75,
      weight: 1.5,
      reason: 'beyond_partial_sigma',
    });
  });

  it('gives the full 1.5 from -2 sigma on', () => {
    expect(longZ(-2)).toMatchObject({ points: 1.5, reason: 'beyond_full_sigma' });
    expect(longZ(-3.1).points).toBe(1.5);
  });

  it('gives 0 inside 1 sigma and 0.75 at exactly 1 sigma', () => {
    expect(longZ(-0.99)).toMatchObject({ points: 0, reason: 'inside_partial_sigma' });
    expect(longZ(-1).points).toBe(0.75);
  });

  it('gives a long nothing when price is stretched above the mean', () => {
    expect(longZ(2.5)).toMatchObject({ points: 0, reason: 'wrong_side_of_mean' });
  });

  it('mirrors for shorts: price above the mean scores, below does not', () => {
    expect(shortZ(1.8).points).toBe(0.75);
    expect(shortZ(2.2).points).toBe(1.5);
    expect(shortZ(-2.2)).toMatchObject({ points: 0, reason: 'wrong_side_of_mean' });
  });

  it('gives 0 without a z-score', () => {
    expect(longZ(null)).toMatchObject({ points: 0, reason: 'mean_reversion_unknown' });
  });
});
