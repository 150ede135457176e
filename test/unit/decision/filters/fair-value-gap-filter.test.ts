import { describe, expect, it } from 'vitest';
import { scoreFairValueGap } from '../../../../core/src/decision/filters/fair-value-gap-filter.ts';
import type { FvgView } from '../../../../core/src/events/analytics-snapshot.ts';
import { config, shortSnapshot, snapshot } from '../fixtures.ts';

const gap = (gapType: FvgView['gapType'], gapLow: number, gapHigh: number, fillFraction = 0): FvgView => ({
  fvgId: `g-${gapLow}`,
  gapType,
  timeframe: '15m',
  gapLow,
  gapHigh,
  fillFraction,
});
const long = (openFvgs: FvgView[]) => scoreFairValueGap(snapshot({ openFvgs }), 'long', config);

describe('fair value gap filter', () => {
  it('gives the full 1.5 for an open bullish gap price is in', () => {
    expect(scoreFairValueGap(snapshot(), 'long', config)).toEqual({
      filter: 'fair_value_gap',
      points: 1.5,
      weight: 1.5,
      reason: 'bullish_fvg_at_price',
    });
  });

  it('counts a bullish gap 40 above price (0.08%) and not one 140 above (0.28%)', () => {
    expect(long([gap('bullish', 50_300, 50_350)]).points).toBe(1.5);
    expect(long([gap('bullish', 50_400, 50_500)])).toMatchObject({
      points: 0,
      reason: 'bullish_fvg_not_at_price',
    });
  });

  it('takes the nearest of several gaps', () => {
    expect(long([gap('bullish', 50_400, 50_500), gap('bullish', 50_200, 50_270)]).points).toBe(1.5);
  });

  it('ignores bearish and filled gaps for a long', () => {
    expect(long([gap('bearish', 50_200, 50_300)])).toMatchObject({ points: 0, reason: 'no_bullish_fvg' });
    expect(long([gap('bullish', 50_200, 50_300, 1)]).points).toBe(0);
    expect(long([])).toMatchObject({ points: 0, reason: 'no_bullish_fvg' });
  });

  it('gives a short the points for a bearish gap at price', () => {
    expect(scoreFairValueGap(shortSnapshot(), 'short', config)).toMatchObject({
      points: 1.5,
      reason: 'bearish_fvg_at_price',
    });
  });
});
