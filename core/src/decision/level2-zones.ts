import type { DecisionConfig } from '../config/decision-config.ts';
import type { Direction } from '../domain/trading.ts';
import type { AnalyticsSnapshot, ZoneView } from '../events/analytics-snapshot.ts';
import type { StageOutcome } from '../events/decision-record.ts';
import { bandDistance, fail, pass, type StageValues, type ZoneHit } from './types.ts';

export interface ZoneOutcome {
  readonly outcome: StageOutcome;
  readonly zone: ZoneHit | null;
}

/**
 * Level 2 (design 2.3.2): price must be at a surveillance area on the trade's side, i.e. within
 * `zones.proximity` (fraction of price) of its band. Candidates, first match wins, strongest evidence first:
 *  1. the nearest demand zone (longs) / supply zone (shorts), unless broken;
 *  2. the nearest open bullish FVG (longs) / bearish FVG (shorts), fill fraction < 1;
 *  3. the value-area extreme: for longs the lowest value-area bucket [VAL, VAL + bucketWidth], for shorts
 *     the highest [VAH - bucketWidth, VAH]. A bucket rather than a bare line gives the bounce and stop rules
 *     a band with a near and a far edge.
 */
export function evaluateZones(
  snapshot: AnalyticsSnapshot,
  direction: Direction,
  config: DecisionConfig,
): ZoneOutcome {
  const price = snapshot.lastPrice;
  const maxDistance = config.zones.proximity;
  const zone = nearZone(snapshot, direction, price, maxDistance);
  const outcome =
    zone === null
      ? fail('zone', 'no_zone_nearby', zoneValues(snapshot, maxDistance, null))
      : pass('zone', `at_${zone.kind}`, zoneValues(snapshot, maxDistance, zone));
  return { outcome, zone };
}

function zoneValues(s: AnalyticsSnapshot, proximity: number, zone: ZoneHit | null): StageValues {
  return {
    proximity,
    demandDistance: s.nearestDemand?.distance ?? null,
    supplyDistance: s.nearestSupply?.distance ?? null,
    openFvgs: s.openFvgs.length,
    zoneKind: zone?.kind ?? null,
    zoneId: zone?.id ?? null,
    zoneLow: zone?.low ?? null,
    zoneHigh: zone?.high ?? null,
    zoneDistance: zone?.distance ?? null,
  };
}

function nearZone(
  s: AnalyticsSnapshot,
  direction: Direction,
  price: number,
  maxDistance: number,
): ZoneHit | null {
  const long = direction === 'long';
  const zone = long ? s.nearestDemand : s.nearestSupply;
  if (zone !== null && isUsable(zone) && zone.distance <= maxDistance) {
    const kind = long ? 'demand_zone' : 'supply_zone';
    return { kind, id: zone.zoneId, low: zone.priceLow, high: zone.priceHigh, distance: zone.distance };
  }
  const gap = nearestGap(s, long ? 'bullish' : 'bearish', price);
  if (gap !== null && gap.distance <= maxDistance) return gap;
  const extreme = valueAreaExtreme(s, direction, price);
  if (extreme !== null && extreme.distance <= maxDistance) return extreme;
  return null;
}

function isUsable(zone: ZoneView): boolean {
  return zone.status !== 'broken';
}

/** The open gap of `type` nearest to price (first wins a tie: the analytics' order is stable). */
export function nearestGap(s: AnalyticsSnapshot, type: 'bullish' | 'bearish', price: number): ZoneHit | null {
  let best: ZoneHit | null = null;
  for (const g of s.openFvgs) {
    if (g.gapType !== type || g.fillFraction >= 1) continue;
    const distance = bandDistance(g.gapLow, g.gapHigh, price);
    if (best === null || distance < best.distance) {
      const kind = type === 'bullish' ? 'bullish_fvg' : 'bearish_fvg';
      best = { kind, id: g.fvgId, low: g.gapLow, high: g.gapHigh, distance };
    }
  }
  return best;
}

function valueAreaExtreme(s: AnalyticsSnapshot, direction: Direction, price: number): ZoneHit | null {
  const p = s.profile;
  if (p === null) return null;
  const [kind, low, high] =
    direction === 'long'
      ? (['value_area_low', p.valueAreaLow, p.valueAreaLow + p.bucketWidth] as const)
      : (['value_area_high', p.valueAreaHigh - p.bucketWidth, p.valueAreaHigh] as const);
  return { kind, id: 'value_area', low, high, distance: bandDistance(low, high, price) };
}
