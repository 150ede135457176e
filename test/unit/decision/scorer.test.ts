import { describe, expect, it } from 'vitest';
import { confluenceScore, gradeScore } from '../../../core/src/decision/scorer.ts';
import { config, configWith } from './fixtures.ts';

const points = (...values: number[]) =>
  values.map((p, i) => ({ filter: `f${i}`, points: p, weight: 2, reason: 'x' }));

describe('confluence score and tiers', () => {
  it('sums the filter points', () => {
    expect(confluenceScore(points(1.5, 0.75, 1, 2, 0, 1.5))).toBe(6.75);
    expect(confluenceScore([])).toBe(0);
  });

  it('rounds away binary noise so 0.1 + 4.1 + 0.8 grades as the 5.0 it stands for', () => {
    expect(0.1 + 4.1 + 0.8).toBe(4.999999999999999);
    expect(confluenceScore(points(0.1, 4.1, 0.8))).toBe(5);
    expect(gradeScore(confluenceScore(points(0.1, 4.1, 0.8)), config)?.tier).toBe('medium');
    expect(confluenceScore(points(0.1, 0.2))).toBe(0.3);
  });

  it.each([
    [2.99, null, null],
    [3, 'low', 0.5],
    [4.99, 'low', 0.5],
    [5, 'medium', 0.75],
    [6.99, 'medium', 0.75],
    [7, 'high', 1],
    [10, 'high', 1],
  ])('grades %f as %s with risk multiplier %s', (score, tier, multiplier) => {
    const grade = gradeScore(score, config);
    expect(grade?.tier ?? null).toBe(tier);
    expect(grade?.riskMultiplier ?? null).toBe(multiplier);
  });

  it('uses the configured thresholds and multipliers', () => {
    const custom = configWith({ tiers: { minScore: 4, mediumScore: 6, highScore: 8, lowMultiplier: 0.25 } });
    expect(gradeScore(3.5, custom)).toBeNull();
    expect(gradeScore(4, custom)).toEqual({ tier: 'low', riskMultiplier: 0.25 });
    expect(gradeScore(7.5, custom)).toEqual({ tier: 'medium', riskMultiplier: 0.75 });
  });
});
