import { describe, it, expect } from 'vitest';
import { VolumeTrend } from '../../../../core/src/analytics/indicators/volume-trend.ts';

const up = (volume: number) => ({ open: 100, close: 101, volume });
const down = (volume: number) => ({ open: 101, close: 100, volume });
const doji = (volume: number) => ({ open: 100, close: 100, volume });

describe('VolumeTrend', () => {
  it('is undefined until N candles have been seen', () => {
    const v = new VolumeTrend(4);
    for (let i = 0; i < 3; i++) {
      v.update(up(10));
      expect(v.trend).toBeUndefined();
      expect(v.upVolumeShare).toBeUndefined();
    }
    v.update(up(10));
    expect(v.trend).toBe(0);
    expect(v.upVolumeShare).toBe(1);
  });

  it('divides the least-squares slope by the mean volume (worked example 10, 20, 30, 40)', () => {
    // Slope 10 per candle, mean 25 -> 0.4 of the mean per candle. Up volume: 10 + 30 of 100.
    const v = new VolumeTrend(4);
    [up(10), down(20), up(30), doji(40)].forEach((c) => v.update(c));
    expect(v.trend).toBeCloseTo(0.4, 12);
    expect(v.upVolumeShare).toBeCloseTo(0.4, 12);
  });

  it('fits a least-squares line rather than comparing endpoints (worked example 4, 1, 3, 2)', () => {
    // x - mean = -1.5, -0.5, 0.5, 1.5; sum (x - mean) y = -6 - 0.5 + 1.5 + 3 = -2; sxx = 5 -> slope -0.4;
    // mean volume 2.5 -> -0.16 per candle.
    const v = new VolumeTrend(4);
    [down(4), down(1), down(3), down(2)].forEach((c) => v.update(c));
    expect(v.trend).toBeCloseTo(-0.16, 12);
    expect(v.upVolumeShare).toBe(0);
  });

  it('slides the window, dropping the oldest candle', () => {
    const v = new VolumeTrend(3);
    [up(100), down(5), down(5), down(5)].forEach((c) => v.update(c));
    expect(v.trend).toBe(0);
    expect(v.upVolumeShare).toBe(0);
  });

  it('reports nothing for a window without volume', () => {
    const v = new VolumeTrend(3);
    [up(0), down(0), up(0)].forEach((c) => v.update(c));
    expect(v.trend).toBeUndefined();
    expect(v.upVolumeShare).toBeUndefined();
  });
});
