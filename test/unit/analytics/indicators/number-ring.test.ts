import { describe, it, expect } from 'vitest';
import { NumberRing } from '../../../../core/src/analytics/indicators/number-ring.ts';

describe('NumberRing', () => {
  it('keeps the newest values oldest-first once it wraps', () => {
    const r = new NumberRing(3);
    [1, 2, 3, 4, 5].forEach((v) => r.push(v));
    expect(r.full).toBe(true);
    expect(r.length).toBe(3);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.at(0)).toBe(3);
    expect(r.at(2)).toBe(5);
  });

  it('throws on reads outside the stored values and on a bad capacity', () => {
    const r = new NumberRing(3);
    r.push(1);
    expect(() => r.at(1)).toThrow(RangeError);
    expect(() => new NumberRing(0)).toThrow(RangeError);
  });
});
