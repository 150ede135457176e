import type { AnalyticsConfig } from '../../config/analytics-config.ts';
import type { Candle, Timeframe } from '../../domain/candle.ts';
import { nearestBand } from './price-distance.ts';
import { rejectionBands, type RejectionBand } from './rejection.ts';
import { VolumeBaseline } from './volume-baseline.ts';
import { statusForTouches, zoneStrength, type Zone, type ZoneType } from './zone-types.ts';

export type ZonesConfig = AnalyticsConfig['zones'];

/**
 * Fewest prior zone-timeframe candles before a volume spike is believed (capped at volumeAveragePeriod).
 * One or two candles make a meaningless "average"; five 15m candles (75 min) are the least that still lets
 * zones form soon after start. Until the full period is available the average runs over what there is.
 */
export const MIN_VOLUME_HISTORY = 5;

/** Touches and breaks are judged on closed candles of this timeframe only (never per tick: cheap). */
export const ZONE_PRICE_TIMEFRAME: Timeframe = '1m';

export interface ZoneCandleResult {
  /** Zones created by this candle and kept after the cap. */
  readonly created: readonly Zone[];
  /** Older zones evicted by the `maxZones` cap (weakest first, then oldest), to delete downstream. */
  readonly dropped: readonly Zone[];
}

export interface PriceCandleResult {
  /** Zones that gained a touch, as updated. */
  readonly touched: readonly Zone[];
  /** Zones closed through and removed (status 'broken', strength 0). */
  readonly broken: readonly Zone[];
}

export interface NearestZone {
  readonly zone: Zone;
  /** Distance to the zone as a fraction of the query price; 0 when the price is inside it. */
  readonly distance: number;
}

interface TrackedZone {
  zone: Zone;
  /**
   * Re-arm rule: a touch counts only while armed. Armed means the last relevant close was outside the zone
   * on the near side (above a demand zone, below a supply zone), so price loitering inside the zone for
   * several candles is one touch; it must close outside again before the next touch counts.
   */
  armed: boolean;
}

const NO_ZONE_CHANGE: ZoneCandleResult = { created: [], dropped: [] };
const NO_PRICE_CHANGE: PriceCandleResult = { touched: [], broken: [] };

/**
 * Supply/demand zone mapper for one instrument (design 2.2.2 #6, 2.3.2): zones come from high-volume
 * rejection candles of the zone timeframe, get touched / broken by 1m closes, and broken ones are dropped
 * at once (2.2.7). Feed both candle streams in event-time order; methods return what changed so the caller
 * can publish or persist it.
 */
export class SupplyDemandZones {
  private tracked: TrackedZone[] = [];
  private readonly baseline: VolumeBaseline;
  private lastZoneOpenTime = Number.NEGATIVE_INFINITY;
  private lastPriceOpenTime = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: ZonesConfig,
    readonly instrumentId: string,
  ) {
    this.baseline = new VolumeBaseline(config.volumeAveragePeriod);
  }

  /** A closed candle of `config.timeframe`; other timeframes and replayed (not newer) candles are ignored. */
  onZoneCandle(candle: Candle): ZoneCandleResult {
    if (candle.timeframe !== this.config.timeframe) return NO_ZONE_CHANGE;
    this.assertInstrument(candle);
    if (candle.openTime <= this.lastZoneOpenTime) return NO_ZONE_CHANGE;
    this.lastZoneOpenTime = candle.openTime;
    const fresh = this.detect(candle);
    this.baseline.push(candle.volume);
    if (fresh.length === 0) return NO_ZONE_CHANGE;
    this.tracked.push(...fresh);
    const evicted = this.enforceCap();
    const freshIds = new Set(fresh.map((t) => t.zone.zoneId));
    return {
      created: fresh.filter((t) => !evicted.includes(t.zone)).map((t) => t.zone),
      dropped: evicted.filter((z) => !freshIds.has(z.zoneId)),
    };
  }

  /** A closed 1m candle: counts touches (with the re-arm rule) and removes zones closed through. */
  onPriceCandle(candle: Candle): PriceCandleResult {
    if (candle.timeframe !== ZONE_PRICE_TIMEFRAME) return NO_PRICE_CHANGE;
    this.assertInstrument(candle);
    if (candle.openTime <= this.lastPriceOpenTime) return NO_PRICE_CHANGE;
    this.lastPriceOpenTime = candle.openTime;
    const touched: Zone[] = [];
    const broken: Zone[] = [];
    this.tracked = this.tracked.filter((t) => {
      // Candles from before the zone existed (including those inside its own creating candle) never count.
      if (candle.openTime < t.zone.createdAt) return true;
      if (closesThrough(t.zone, candle)) {
        broken.push({ ...t.zone, status: 'broken', strength: zoneStrength('broken', t.zone.volumeRatio) });
        return false;
      }
      if (t.armed && enters(t.zone, candle)) {
        t.zone = withTouch(t.zone, candle.closeTime);
        touched.push(t.zone);
      }
      t.armed = closesOnNearSide(t.zone, candle.close);
      return true;
    });
    return touched.length === 0 && broken.length === 0 ? NO_PRICE_CHANGE : { touched, broken };
  }

  zones(): readonly Zone[] {
    return this.tracked.map((t) => t.zone);
  }

  /** Zones whose band includes `price` (edges inclusive). */
  zonesContaining(price: number): readonly Zone[] {
    return this.zones().filter((z) => z.priceLow <= price && price <= z.priceHigh);
  }

  /** Closest zone of `type` to `price`; on equal distance the stronger zone wins. */
  nearest(type: ZoneType, price: number): NearestZone | undefined {
    const candidates = this.zones()
      .filter((z) => z.type === type)
      .sort((a, b) => b.strength - a.strength);
    const best = nearestBand(candidates, price, (z) => [z.priceLow, z.priceHigh]);
    return best === undefined ? undefined : { zone: best.item, distance: best.distance };
  }

  private detect(candle: Candle): TrackedZone[] {
    const minHistory = Math.min(MIN_VOLUME_HISTORY, this.config.volumeAveragePeriod);
    if (this.baseline.count() < minHistory) return [];
    const average = this.baseline.average();
    // No traded volume in the baseline means no meaningful multiple of it.
    if (!(average > 0)) return [];
    const volumeRatio = candle.volume / average;
    if (volumeRatio < this.config.volumeMultiple) return [];
    return rejectionBands(candle, this.config.minWickShare).map((band) => {
      const zone = this.newZone(band, candle, volumeRatio);
      return { zone, armed: closesOnNearSide(zone, candle.close) };
    });
  }

  private newZone(band: RejectionBand, candle: Candle, volumeRatio: number): Zone {
    return {
      zoneId: `${this.instrumentId}:${band.type}:${candle.openTime}`,
      type: band.type,
      priceLow: band.priceLow,
      priceHigh: band.priceHigh,
      timeframe: candle.timeframe,
      createdAt: candle.closeTime,
      volume: candle.volume,
      volumeRatio,
      touches: 0,
      lastTestedAt: undefined,
      status: 'fresh',
      strength: zoneStrength('fresh', volumeRatio),
    };
  }

  /** Design 2.2.7 caps zones per pair; evicting the weakest (then oldest) keeps the most useful ones. */
  private enforceCap(): Zone[] {
    const evicted: Zone[] = [];
    while (this.tracked.length > this.config.maxZones) {
      let victim = 0;
      this.tracked.forEach((t, i) => {
        if (weakerOrOlder(t.zone, this.tracked[victim]?.zone)) victim = i;
      });
      const [removed] = this.tracked.splice(victim, 1);
      if (removed) evicted.push(removed.zone);
    }
    return evicted;
  }

  private assertInstrument(candle: Candle): void {
    if (candle.instrumentId !== this.instrumentId) {
      throw new Error(`zones for ${this.instrumentId} received a candle of ${candle.instrumentId}`);
    }
  }
}

function weakerOrOlder(a: Zone, b: Zone | undefined): boolean {
  if (b === undefined) return true;
  if (a.strength !== b.strength) return a.strength < b.strength;
  return a.createdAt < b.createdAt;
}

/** The candle reached into the zone from the near side: its low for demand, its high for supply. */
function enters(zone: Zone, candle: Candle): boolean {
  return zone.type === 'demand' ? candle.low <= zone.priceHigh : candle.high >= zone.priceLow;
}

/** A close beyond the far edge: below a demand zone, above a supply zone. Wicks through do not break. */
function closesThrough(zone: Zone, candle: Candle): boolean {
  return zone.type === 'demand' ? candle.close < zone.priceLow : candle.close > zone.priceHigh;
}

function closesOnNearSide(zone: Zone, close: number): boolean {
  return zone.type === 'demand' ? close > zone.priceHigh : close < zone.priceLow;
}

function withTouch(zone: Zone, at: number): Zone {
  const touches = zone.touches + 1;
  const status = statusForTouches(touches);
  return { ...zone, touches, lastTestedAt: at, status, strength: zoneStrength(status, zone.volumeRatio) };
}
