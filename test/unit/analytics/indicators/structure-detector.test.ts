import { describe, it, expect } from 'vitest';
import { StructureDetector } from '../../../../core/src/analytics/indicators/structure-detector.ts';

const bar = (high: number, low: number) => ({ high, low });

describe('StructureDetector', () => {
  it('is undefined until it has seen the configured number of candles', () => {
    const s = new StructureDetector(3);
    expect(s.update(bar(10, 8))).toBeUndefined();
    expect(s.update(bar(11, 9))).toBeUndefined();
    expect(s.update(bar(12, 10))).toBe('higher_highs_higher_lows');
  });

  it('reads lower highs and lower lows when both fall strictly on every candle', () => {
    const s = new StructureDetector(3);
    [bar(12, 10), bar(11, 9), bar(10.5, 8)].forEach((b) => s.update(b));
    expect(s.value).toBe('lower_highs_lower_lows');
  });

  it('reads mixed for higher highs with a lower low, an equal high, or an inside candle', () => {
    const lowerLow = new StructureDetector(3);
    [bar(10, 8), bar(11, 9), bar(12, 7)].forEach((b) => lowerLow.update(b));
    expect(lowerLow.value).toBe('mixed');

    const equalHigh = new StructureDetector(3);
    [bar(10, 8), bar(11, 9), bar(11, 10)].forEach((b) => equalHigh.update(b));
    expect(equalHigh.value).toBe('mixed');

    const inside = new StructureDetector(3);
    [bar(10, 8), bar(12, 7), bar(11, 9)].forEach((b) => inside.update(b));
    expect(inside.value).toBe('mixed');
  });

  it('only looks at the last N candles, so an old reversal drops out of the window', () => {
    const s = new StructureDetector(3);
    [bar(20, 18), bar(10, 8), bar(11, 9), bar(12, 10)].forEach((b) => s.update(b));
    expect(s.value).toBe('higher_highs_higher_lows');
  });

  it('rejects a window shorter than two candles', () => {
    expect(() => new StructureDetector(1)).toThrow(RangeError);
  });
});
