import { describe, it, expect } from 'vitest';
import { RollingExtreme } from '../../../../core/src/risk/portfolio/rolling-extreme.ts';

describe('RollingExtreme', () => {
  it('tracks the maximum of a trailing window as old readings leave it', () => {
    const max = new RollingExtreme('max', 10, 100);
    const seen = [
      [0, 5],
      [3, 9],
      [6, 4],
      [12, 3],
      [14, 2],
      [17, 1],
    ].map(([ts, v]) => {
      max.push(ts as number, v as number);
      return [max.extreme(), max.extremeTs()];
    });
    // At 14 the 9 of t=3 has left (3 < 14 - 10), the 4 of t=6 remains; at 17 the 4 has left too.
    expect(seen).toEqual([
      [5, 0],
      [9, 3],
      [9, 3],
      [9, 3],
      [4, 6],
      [3, 12],
    ]);
  });

  it('tracks the minimum and keeps only candidates, so a rising series holds one reading', () => {
    const min = new RollingExtreme('min', 1_000, 100);
    for (let t = 0; t < 50; t++) min.push(t, 100 - t);
    expect(min.extreme()).toBe(51);
    expect(min.length).toBe(1);
    const max = new RollingExtreme('max', 1_000, 100);
    for (let t = 0; t < 50; t++) max.push(t, 100 + t);
    expect(max.length).toBe(1);
  });

  it('grows past its initial capacity and drops the oldest candidate at the cap', () => {
    const max = new RollingExtreme('max', 1_000_000, 40, 4);
    for (let t = 0; t < 30; t++) max.push(t, 1_000 - t);
    expect(max.length).toBe(30);
    expect(max.extreme()).toBe(1_000);
    for (let t = 30; t < 50; t++) max.push(t, 1_000 - t);
    expect(max.length).toBe(40);
    expect(max.extreme()).toBe(990);
  });

  it('rejects a bad window or cap', () => {
    expect(() => new RollingExtreme('max', 0, 10)).toThrow(/windowMs/);
    expect(() => new RollingExtreme('max', 10, 1)).toThrow(/maxLength/);
  });
});
