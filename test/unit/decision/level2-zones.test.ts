import { describe, expect, it } from 'vitest';
import { evaluateZones } from '../../../core/src/decision/level2-zones.ts';
import { config, INSTRUMENT, shortSnapshot, snapshot } from './fixtures.ts';

const noDemand = { nearestDemand: null } as const;

describe('Level 2 zones', () => {
  it('finds the long at the fresh demand zone 50,200-50,250 first', () => {
    const { outcome, zone } = evaluateZones(snapshot(), 'long', config);
    expect(zone).toEqual({
      kind: 'demand_zone',
      id: `${INSTRUMENT}:demand:1`,
      low: 50_200,
      high: 50_250,
      distance: 10 / 50_260,
    });
    expect(outcome).toMatchObject({ stage: 'zone', passed: true, reason: 'at_demand_zone' });
    expect(outcome.values).toMatchObject({ zoneKind: 'demand_zone', zoneLow: 50_200, zoneHigh: 50_250 });
  });

  it('finds the short at the fresh supply zone 50,250-50,300', () => {
    const { outcome, zone } = evaluateZones(shortSnapshot(), 'short', config);
    expect(outcome.reason).toBe('at_supply_zone');
    expect(zone).toMatchObject({ low: 50_250, high: 50_300 });
  });

  it('accepts a zone exactly 0.1% away and skips one 0.11% away', () => {
    const at = evaluateZones(snapshot({ nearestDemand: { distance: 0.001 } }), 'long', config);
    expect(at.zone?.kind).toBe('demand_zone');
    const beyond = evaluateZones(snapshot({ nearestDemand: { distance: 0.0011 } }), 'long', config);
    expect(beyond.zone?.kind).toBe('bullish_fvg');
  });

  it('falls back to the bullish FVG 50,230-50,300 when there is no demand zone', () => {
    const { outcome, zone } = evaluateZones(snapshot(noDemand), 'long', config);
    expect(outcome.reason).toBe('at_bullish_fvg');
    expect(zone).toMatchObject({ low: 50_230, high: 50_300, distance: 0 });
  });

  it('ignores a broken demand zone', () => {
    const { zone } = evaluateZones(snapshot({ nearestDemand: { status: 'broken' } }), 'long', config);
    expect(zone?.kind).toBe('bullish_fvg');
  });

  it('falls back to the lowest value-area bucket [VAL, VAL + width] without zone or gap', () => {
    const { outcome, zone } = evaluateZones(snapshot({ ...noDemand, openFvgs: [] }), 'long', config);
    expect(outcome.reason).toBe('at_value_area_low');
    expect(zone?.low).toBe(50_250);
    expect(zone?.high).toBe(50_255);
    expect(zone?.distance).toBeCloseTo(5 / 50_260, 12);
  });

  it('uses the highest value-area bucket [VAH - width, VAH] for shorts', () => {
    const s = shortSnapshot({ nearestSupply: null, openFvgs: [] });
    const { zone } = evaluateZones(s, 'short', config);
    expect(zone).toMatchObject({ kind: 'value_area_high', low: 50_245, high: 50_250 });
    expect(zone?.distance).toBeCloseTo(5 / 50_240, 12);
  });

  it('ignores a filled or bearish gap for a long', () => {
    const gap = snapshot().openFvgs[0];
    if (!gap) throw new Error('fixture has a gap');
    const farProfile = { valueAreaLow: 49_000 };
    const filled = snapshot({ ...noDemand, profile: farProfile, openFvgs: [{ ...gap, fillFraction: 1 }] });
    const bearish = snapshot({
      ...noDemand,
      profile: farProfile,
      openFvgs: [{ ...gap, gapType: 'bearish' }],
    });
    expect(evaluateZones(filled, 'long', config).outcome.reason).toBe('no_zone_nearby');
    expect(evaluateZones(bearish, 'long', config).outcome.reason).toBe('no_zone_nearby');
  });

  it('rejects with no_zone_nearby and records what was looked at', () => {
    const s = snapshot({ nearestDemand: { distance: 0.004 }, openFvgs: [], profile: null });
    const { outcome, zone } = evaluateZones(s, 'long', config);
    expect(zone).toBeNull();
    expect(outcome).toMatchObject({ passed: false, reason: 'no_zone_nearby' });
    expect(outcome.values).toEqual({
      proximity: 0.001,
      demandDistance: 0.004,
      supplyDistance: null,
      openFvgs: 0,
      zoneKind: null,
      zoneId: null,
      zoneLow: null,
      zoneHigh: null,
      zoneDistance: null,
    });
  });

  it('does not use a demand zone for a short', () => {
    const s = snapshot({ openFvgs: [], profile: null });
    expect(evaluateZones(s, 'short', config).outcome.reason).toBe('no_zone_nearby');
  });
});
