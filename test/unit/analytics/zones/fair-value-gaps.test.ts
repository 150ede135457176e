import { describe, expect, it } from 'vitest';
import { defaultAnalyticsConfig } from '../../../../core/src/config/analytics-config.ts';
import { FairValueGaps, type FvgConfig } from '../../../../core/src/analytics/zones/index.ts';
import type { Candle, Timeframe } from '../../../../core/src/domain/candle.ts';
import { HOUR, INSTRUMENT, MINUTE, QUARTER, T0, candle, minute } from './candle-fixture.ts';

const defaults = defaultAnalyticsConfig.fvg;

/** A 15m candle in `slot` with only the extremes that matter; open/close sit inside the range. */
function bar(slot: number, low: number, high: number, timeframe: Timeframe = '15m'): Candle {
  const mid = (low + high) / 2;
  return candle({ openTime: T0 + slot * QUARTER, open: mid, high, low, close: mid, timeframe });
}

function feed(gaps: FairValueGaps, candles: readonly Candle[]) {
  return candles.map((c) => gaps.onCandle(c));
}

/** Design 2.3.2's example: c1 high 100, a fast c2, c3 low 105 -> bullish gap (100, 105). */
function withDesignGap(config: Partial<FvgConfig> = {}): FairValueGaps {
  const gaps = new FairValueGaps({ ...defaults, ...config });
  feed(gaps, [bar(0, 98.5, 100), bar(1, 99.7, 105.5), bar(2, 105, 106.5)]);
  return gaps;
}

/** closeTime of c3 in the fixtures above: when the gap starts to exist. */
const CREATED = T0 + 3 * QUARTER;

describe('FairValueGaps detection', () => {
  it("finds the design's bullish gap between c1 high 100 and c3 low 105", () => {
    const gaps = new FairValueGaps(defaults);
    const results = feed(gaps, [bar(0, 98.5, 100), bar(1, 99.7, 105.5), bar(2, 105, 106.5)]);
    expect(results.slice(0, 2)).toEqual([undefined, undefined]);
    expect(results[2]).toEqual({
      fvgId: `${INSTRUMENT}:15m:${T0 + QUARTER}:bullish`,
      type: 'bullish',
      timeframe: '15m',
      gapLow: 100,
      gapHigh: 105,
      createdAt: CREATED,
      fillFraction: 0,
      filledAt: undefined,
    });
    expect(gaps.open()).toEqual([results[2]]);
  });

  it('finds a bearish gap between c3 high 99 and c1 low 100', () => {
    const gaps = new FairValueGaps(defaults);
    const [, , fvg] = feed(gaps, [bar(0, 100, 101.5), bar(1, 98.5, 100.2), bar(2, 97.5, 99)]);
    expect(fvg).toMatchObject({
      type: 'bearish',
      gapLow: 99,
      gapHigh: 100,
      fvgId: `${INSTRUMENT}:15m:${T0 + QUARTER}:bearish`,
    });
  });

  it('ignores a 0.19% bullish gap and keeps a 0.21% one', () => {
    const small = feed(new FairValueGaps(defaults), [
      bar(0, 99, 100),
      bar(1, 99.9, 100.5),
      bar(2, 100.19, 100.6),
    ]);
    expect(small[2]).toBeUndefined();
    const kept = feed(new FairValueGaps(defaults), [
      bar(0, 99, 100),
      bar(1, 99.9, 100.5),
      bar(2, 100.21, 100.6),
    ]);
    expect(kept[2]).toMatchObject({ type: 'bullish', gapLow: 100, gapHigh: 100.21 });
  });

  it('ignores a 0.19% bearish gap and keeps a 0.21% one, measured against c1 low', () => {
    const small = feed(new FairValueGaps(defaults), [
      bar(0, 100, 101),
      bar(1, 99.5, 100.1),
      bar(2, 99.3, 99.81),
    ]);
    expect(small[2]).toBeUndefined();
    const kept = feed(new FairValueGaps(defaults), [
      bar(0, 100, 101),
      bar(1, 99.5, 100.1),
      bar(2, 99.3, 99.79),
    ]);
    expect(kept[2]).toMatchObject({ type: 'bearish', gapLow: 99.79, gapHigh: 100 });
  });

  it('finds a gap on every following candle window, not just the first three', () => {
    const gaps = new FairValueGaps(defaults);
    const results = feed(gaps, [bar(0, 90, 91), bar(1, 98.5, 100), bar(2, 99.7, 105.5), bar(3, 105, 106.5)]);
    expect(results[3]).toMatchObject({ gapLow: 100, gapHigh: 105 });
  });

  it('ignores timeframes that are not configured', () => {
    const gaps = new FairValueGaps(defaults);
    const results = feed(gaps, [
      bar(0, 98.5, 100, '5m'),
      bar(1, 99.7, 105.5, '5m'),
      bar(2, 105, 106.5, '5m'),
    ]);
    expect(results).toEqual([undefined, undefined, undefined]);
  });

  it('keeps a separate three-candle window per configured timeframe', () => {
    const gaps = new FairValueGaps({ ...defaults, timeframes: ['5m', '15m'] });
    const five = (i: number, low: number, high: number) =>
      candle({ openTime: T0 + i * 5 * MINUTE, open: low, high, low, close: high, timeframe: '5m' });
    // Interleaved: 15m candles do not break the 5m sequence.
    const results = [
      gaps.onCandle(five(0, 98.5, 100)),
      gaps.onCandle(five(1, 99.7, 105.5)),
      gaps.onCandle(bar(0, 200, 201)),
      gaps.onCandle(five(2, 105, 106.5)),
    ];
    expect(results[3]).toMatchObject({ timeframe: '5m', gapLow: 100, gapHigh: 105 });
  });

  it('starts the window again after a missing candle', () => {
    const gaps = new FairValueGaps(defaults);
    const results = feed(gaps, [bar(0, 98.5, 100), bar(1, 99.7, 105.5), bar(3, 105, 106.5)]);
    expect(results[2]).toBeUndefined();
  });
});

describe('FairValueGaps fill and expiry', () => {
  const at = (i: number) => CREATED + i * MINUTE;

  it('tracks a partial fill of a bullish gap from the top down', () => {
    const gaps = withDesignGap();
    expect(gaps.onPriceCandle(minute(at(0), 104, 106, 104.5)).updated).toMatchObject([{ fillFraction: 0.2 }]);
    expect(gaps.onPriceCandle(minute(at(1), 102, 104.5, 103)).updated).toMatchObject([{ fillFraction: 0.6 }]);
    // A shallower dip leaves the deepest point, and so the fraction, unchanged.
    expect(gaps.onPriceCandle(minute(at(2), 103, 104, 103.5)).updated).toEqual([]);
    expect(gaps.open()).toMatchObject([{ fillFraction: 0.6, filledAt: undefined }]);
  });

  it('removes a bullish gap once price trades through its low and reports it filled', () => {
    const gaps = withDesignGap();
    gaps.onPriceCandle(minute(at(0), 102, 106, 103));
    const { filled, updated } = gaps.onPriceCandle(minute(at(1), 99.9, 103, 100.5));
    expect(updated).toEqual([]);
    expect(filled).toMatchObject([{ gapLow: 100, gapHigh: 105, fillFraction: 1, filledAt: at(2) }]);
    expect(gaps.open()).toEqual([]);
  });

  it('fills a bearish gap from the bottom up', () => {
    const gaps = new FairValueGaps(defaults);
    feed(gaps, [bar(0, 100, 101.5), bar(1, 98.5, 100.2), bar(2, 97.5, 99)]); // gap [99, 100]
    expect(gaps.onPriceCandle(minute(at(0), 98, 99.25, 99)).updated).toMatchObject([{ fillFraction: 0.25 }]);
    expect(gaps.onPriceCandle(minute(at(1), 99, 100, 99.8)).filled).toMatchObject([
      { fillFraction: 1, filledAt: at(2) },
    ]);
  });

  it('does not count 1m candles that opened before the gap existed', () => {
    const gaps = withDesignGap();
    expect(gaps.onPriceCandle(minute(CREATED - MINUTE, 99, 106, 105.5)).filled).toEqual([]);
    expect(gaps.open()).toMatchObject([{ fillFraction: 0 }]);
  });

  it('expires an unfilled gap when it reaches 24 hours of age', () => {
    const gaps = withDesignGap();
    const lastLiving = CREATED + 24 * HOUR - 2 * MINUTE; // closes one minute short of 24 h
    expect(gaps.onPriceCandle(minute(lastLiving, 104, 106, 105.5)).expired).toEqual([]);
    const { expired, updated } = gaps.onPriceCandle(minute(lastLiving + MINUTE, 103, 106, 105.5));
    expect(updated).toEqual([]);
    expect(expired).toMatchObject([{ gapLow: 100, fillFraction: 0.4 }]);
    expect(gaps.open()).toEqual([]);
  });

  it('reports a gap filled on its last minute as filled, not expired', () => {
    const gaps = withDesignGap();
    const result = gaps.onPriceCandle(minute(CREATED + 24 * HOUR - MINUTE, 99, 106, 100));
    expect(result.expired).toEqual([]);
    expect(result.filled).toHaveLength(1);
  });

  it('reports nothing for 1m candles that are not newer than the last one', () => {
    const gaps = withDesignGap();
    gaps.onPriceCandle(minute(at(1), 104, 106, 105));
    expect(gaps.onPriceCandle(minute(at(0), 99, 106, 100))).toEqual({ updated: [], filled: [], expired: [] });
    expect(gaps.open()).toHaveLength(1);
  });

  it('finds the nearest open gap of a type as a fraction of price', () => {
    const gaps = withDesignGap();
    expect(gaps.nearest('bullish', 110)?.distance).toBeCloseTo(5 / 110, 12);
    expect(gaps.nearest('bullish', 102)).toMatchObject({ fvg: { gapLow: 100 }, distance: 0 });
    expect(gaps.nearest('bearish', 102)).toBeUndefined();
  });

  it('throws on a candle of another instrument', () => {
    const gaps = withDesignGap();
    expect(() =>
      gaps.onPriceCandle({ ...minute(at(0), 104, 106, 105), instrumentId: 'other:ETHUSDT' }),
    ).toThrow(/other:ETHUSDT/);
  });
});
