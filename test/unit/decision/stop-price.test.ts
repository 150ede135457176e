import { describe, expect, it } from 'vitest';
import { placeStop } from '../../../core/src/decision/stop-price.ts';
import type { ZoneHit } from '../../../core/src/decision/types.ts';

const band = (low: number, high: number): ZoneHit => ({
  kind: 'demand_zone',
  id: 'z',
  low,
  high,
  distance: 0,
});

describe('initial stop placement', () => {
  it('puts a long stop at the zone low when it is within 0.5% of entry', () => {
    expect(placeStop('long', 50_260, band(50_200, 50_250), 0.005)).toEqual({
      stopPrice: 50_200,
      boundary: 50_200,
      clamped: false,
    });
  });

  it('clamps a long stop to 0.5% below entry when the zone low is farther', () => {
    const stop = placeStop('long', 50_260, band(49_900, 50_250), 0.005);
    expect(stop.stopPrice).toBeCloseTo(50_008.7, 9);
    expect(stop).toMatchObject({ boundary: 49_900, clamped: true });
  });

  it('puts a short stop at the zone high, clamped to 0.5% above entry', () => {
    expect(placeStop('short', 50_240, band(50_250, 50_300), 0.005).stopPrice).toBe(50_300);
    const far = placeStop('short', 50_240, band(50_250, 50_600), 0.005);
    expect(far.stopPrice).toBeCloseTo(50_491.2, 9);
    expect(far.clamped).toBe(true);
  });

  it('falls back to the max distance when the edge is on the wrong side of entry', () => {
    const stop = placeStop('long', 50_190, band(50_200, 50_250), 0.005);
    expect(stop.stopPrice).toBeCloseTo(50_190 * 0.995, 9);
    expect(stop.clamped).toBe(true);
    expect(placeStop('short', 50_310, band(50_250, 50_300), 0.005).stopPrice).toBeCloseTo(50_310 * 1.005, 9);
  });

  it('keeps an edge at exactly the max distance', () => {
    expect(placeStop('long', 50_000, band(49_750, 49_900), 0.005)).toMatchObject({
      stopPrice: 49_750,
      clamped: false,
    });
  });
});
