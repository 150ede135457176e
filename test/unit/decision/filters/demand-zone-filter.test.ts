import { describe, expect, it } from 'vitest';
import { scoreDemandZone } from '../../../../core/src/decision/filters/demand-zone-filter.ts';
import type { ZoneView } from '../../../../core/src/events/analytics-snapshot.ts';
import { config, configWith, shortSnapshot, snapshot } from '../fixtures.ts';

const demand = (zone: Partial<ZoneView> | null) =>
  scoreDemandZone(snapshot({ nearestDemand: zone }), 'long', config);

describe('demand zone filter', () => {
  it('gives a fresh demand zone at price the full 2.0', () => {
    expect(demand({})).toEqual({ filter: 'demand_zone', points: 2, weight: 2, reason: 'fresh_demand_zone' });
  });

  it('gives a zone tested once or twice 1.0', () => {
    expect(demand({ touches: 1, status: 'tested' })).toMatchObject({
      points: 1,
      reason: 'tested_demand_zone',
    });
    expect(demand({ touches: 2, status: 'tested' }).points).toBe(1);
  });

  it('gives a zone tested three times nothing', () => {
    expect(demand({ touches: 3, status: 'weakened' })).toMatchObject({
      points: 0,
      reason: 'weakened_demand_zone',
    });
  });

  it('gives nothing for a zone farther than 0.1% from price, broken, or absent', () => {
    expect(demand({ distance: 0.002 })).toMatchObject({ points: 0, reason: 'demand_zone_not_at_price' });
    expect(demand({ status: 'broken' })).toMatchObject({ points: 0, reason: 'broken_demand_zone' });
    expect(demand(null)).toMatchObject({ points: 0, reason: 'no_demand_zone' });
  });

  it('scores the supply zone a short enters at', () => {
    expect(scoreDemandZone(shortSnapshot(), 'short', config)).toMatchObject({
      points: 2,
      reason: 'fresh_supply_zone',
    });
    const tested = shortSnapshot({ nearestSupply: { touches: 2 } });
    expect(scoreDemandZone(tested, 'short', config)).toMatchObject({
      points: 1,
      reason: 'tested_supply_zone',
    });
  });

  it('ignores the demand zone for a short', () => {
    expect(scoreDemandZone(snapshot(), 'short', config)).toMatchObject({
      points: 0,
      reason: 'no_supply_zone',
    });
  });

  it('uses the configured touch limit', () => {
    const strict = configWith({ filters: { demandZone: { testedMaxTouches: 1 } } });
    const twice = snapshot({ nearestDemand: { touches: 2 } });
    expect(scoreDemandZone(twice, 'long', strict).points).toBe(0);
  });
});
