import { describe, expect, it } from 'vitest';
import { scoreSupplyZone } from '../../../../core/src/decision/filters/supply-zone-filter.ts';
import { config, configWith, shortSnapshot, snapshot } from '../fixtures.ts';

const supplyAbove = { priceLow: 50_400, priceHigh: 50_450, distance: 140 / 50_260 };

describe('supply zone filter', () => {
  it('gives a long nothing without a supply zone (design example: none nearby)', () => {
    expect(scoreSupplyZone(snapshot(), 'long', config)).toEqual({
      filter: 'supply_zone',
      points: 0,
      weight: 0.5,
      reason: 'no_target_zone',
    });
  });

  it('gives a long 0.5 for a supply zone wholly above price as its target', () => {
    const s = snapshot({ nearestSupply: supplyAbove });
    expect(scoreSupplyZone(s, 'long', config)).toMatchObject({ points: 0.5, reason: 'supply_zone_target' });
  });

  it('gives nothing when price is inside the supply zone', () => {
    const s = snapshot({ nearestSupply: { priceLow: 50_255, priceHigh: 50_300, distance: 0 } });
    expect(scoreSupplyZone(s, 'long', config)).toMatchObject({ points: 0, reason: 'supply_zone_not_ahead' });
  });

  it('gives nothing for a broken target', () => {
    const s = snapshot({ nearestSupply: { ...supplyAbove, status: 'broken' } });
    expect(scoreSupplyZone(s, 'long', config).points).toBe(0);
  });

  it('drops a target beyond the configured distance', () => {
    const near = configWith({ filters: { supplyZone: { targetMaxDistance: 0.002 } } });
    const s = snapshot({ nearestSupply: supplyAbove });
    expect(scoreSupplyZone(s, 'long', near)).toMatchObject({ points: 0, reason: 'target_too_far' });
  });

  it('gives a short 0.5 for a demand zone wholly below price', () => {
    const s = shortSnapshot({
      nearestDemand: { priceLow: 50_000, priceHigh: 50_100, distance: 140 / 50_240 },
    });
    expect(scoreSupplyZone(s, 'short', config)).toMatchObject({ points: 0.5, reason: 'demand_zone_target' });
  });
});
