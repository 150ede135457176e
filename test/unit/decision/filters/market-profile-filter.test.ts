import { describe, expect, it } from 'vitest';
import { scoreMarketProfile } from '../../../../core/src/decision/filters/market-profile-filter.ts';
import { config, configWith, shortSnapshot, snapshot } from '../fixtures.ts';

// Long profile: VAL 50,250, POC 50,400, VAH 50,600. Short profile: VAL 49,900, POC 50,100, VAH 50,250.
const longAt = (lastPrice: number) => scoreMarketProfile(snapshot({ lastPrice }), 'long', config);
const shortAt = (lastPrice: number) => scoreMarketProfile(shortSnapshot({ lastPrice }), 'short', config);

describe('market profile filter', () => {
  it('gives a long 10 above VAL (within 0.1% of price) the full 1.5 points', () => {
    expect(longAt(50_260)).toEqual({
      filter: 'market_profile',
      points: 1.5,
      weight: 1.5,
      reason: 'at_value_area_low',
    });
  });

  it('gives a short 10 below VAH the full 1.5 points', () => {
    expect(shortAt(50_240)).toMatchObject({ points: 1.5, reason: 'at_value_area_high' });
  });

  it('gives 0.5 inside the value area on the right side of the POC', () => {
    expect(longAt(50_350)).toMatchObject({ points: 0.5, reason: 'inside_value_area' });
    expect(longAt(50_400).points).toBe(0.5);
    expect(shortAt(50_150)).toMatchObject({ points: 0.5, reason: 'inside_value_area' });
  });

  it('gives 0 above the POC for a long and below it for a short', () => {
    expect(longAt(50_450)).toMatchObject({ points: 0, reason: 'wrong_side_of_poc' });
    expect(shortAt(50_000)).toMatchObject({ points: 0, reason: 'wrong_side_of_poc' });
  });

  it('gives a long near VAH nothing: the opposite extreme is the wrong side of the POC', () => {
    expect(longAt(50_590)).toMatchObject({ points: 0, reason: 'wrong_side_of_poc' });
  });

  it('gives 0 outside the value area away from the extreme', () => {
    expect(longAt(50_100)).toMatchObject({ points: 0, reason: 'outside_value_area' });
    expect(longAt(50_700)).toMatchObject({ points: 0, reason: 'outside_value_area' });
  });

  it('gives 0 without a profile', () => {
    const points = scoreMarketProfile(snapshot({ profile: null }), 'long', config);
    expect(points).toMatchObject({ points: 0, reason: 'profile_unknown' });
  });

  it('scales with the configured weight', () => {
    const heavy = configWith({ filters: { weights: { marketProfile: 3 } } });
    expect(scoreMarketProfile(snapshot(), 'long', heavy).points).toBe(3);
    expect(scoreMarketProfile(snapshot({ lastPrice: 50_350 }), 'long', heavy).points).toBe(1);
  });
});
