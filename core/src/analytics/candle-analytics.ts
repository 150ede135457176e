import type { AnalyticsConfig } from '../config/analytics-config.ts';
import type { Candle } from '../domain/candle.ts';
import type { EventEmitter } from '../events/event-bus.ts';
import type { RegimeView } from '../events/analytics-snapshot.ts';
import { LagOneAutocorrelation } from './indicators/lag-one-autocorrelation.ts';
import { RegimeInputs } from './indicators/regime-inputs.ts';
import { WilderRsi } from './indicators/wilder-rsi.ts';
import { NumberRing } from './indicators/number-ring.ts';
import { FairValueGaps } from './zones/fair-value-gaps.ts';
import { SupplyDemandZones } from './zones/supply-demand-zones.ts';
import type { Zone } from './zones/zone-types.ts';
import type { Fvg } from './zones/fvg-types.ts';

/**
 * Everything that only moves when a candle closes: RSI and autocorrelation on 1m, regime inputs on 15m,
 * zones and fair value gaps. Work here runs once per candle, never per tick.
 */
export class CandleAnalytics {
  readonly rsi: WilderRsi;
  readonly autocorrelation: LagOneAutocorrelation;
  readonly regime: RegimeInputs;
  readonly zones: SupplyDemandZones;
  readonly gaps: FairValueGaps;
  private readonly volumes1m = new NumberRing(20);
  private volumeSum1m = 0;

  constructor(
    private readonly instrumentId: string,
    private readonly config: AnalyticsConfig,
  ) {
    this.rsi = new WilderRsi(config.meanReversion.rsiPeriod);
    this.autocorrelation = new LagOneAutocorrelation(config.autocorrelation.candles);
    this.regime = new RegimeInputs(config.regime);
    this.zones = new SupplyDemandZones(config.zones, instrumentId);
    this.gaps = new FairValueGaps(config.fvg, instrumentId);
  }

  /** Feeds a closed candle; `emitter` is absent during warm-up, which updates state silently. */
  onCandle(candle: Candle, emitter: EventEmitter | undefined, eventTime: number): void {
    if (candle.timeframe === '1m') this.on1m(candle, emitter, eventTime);
    if (candle.timeframe === '15m') this.regime.update(candle);
    if (candle.timeframe === this.config.zones.timeframe) {
      const created = this.zones.onZoneCandle(candle).created;
      for (const zone of created) emitZone(emitter, eventTime, this.instrumentId, zone, 'created');
    }
    if (this.config.fvg.timeframes.includes(candle.timeframe)) {
      const gap = this.gaps.onCandle(candle);
      if (gap) emitGap(emitter, eventTime, this.instrumentId, gap, 'created');
    }
  }

  averageVolume20(): number | null {
    return this.volumes1m.full ? this.volumeSum1m / this.volumes1m.length : null;
  }

  regimeView(): RegimeView {
    const r = this.regime.snapshot();
    return {
      adx: r.adx ?? null,
      plusDi: r.plusDi ?? null,
      minusDi: r.minusDi ?? null,
      atr: r.atr ?? null,
      atrPercent: r.atrPercent ?? null,
      structure: r.structure ?? null,
      persistence: r.persistence ?? null,
      meanReversionStrength: r.meanReversionStrength ?? null,
      volumeTrend: r.volumeTrend ?? null,
      upVolumeShare: r.upVolumeShare ?? null,
      candles: r.candles,
    };
  }

  private on1m(candle: Candle, emitter: EventEmitter | undefined, eventTime: number): void {
    this.rsi.update(candle.close);
    this.autocorrelation.update(candle.close);
    const evicted = this.volumes1m.full ? this.volumes1m.at(0) : 0;
    this.volumes1m.push(candle.volume);
    this.volumeSum1m += candle.volume - evicted;
    const zoneChanges = this.zones.onPriceCandle(candle);
    for (const zone of zoneChanges.touched) emitZone(emitter, eventTime, this.instrumentId, zone, 'touched');
    for (const zone of zoneChanges.broken) emitZone(emitter, eventTime, this.instrumentId, zone, 'broken');
    const gapChanges = this.gaps.onPriceCandle(candle);
    for (const gap of gapChanges.filled) emitGap(emitter, eventTime, this.instrumentId, gap, 'filled');
    for (const gap of gapChanges.expired) emitGap(emitter, eventTime, this.instrumentId, gap, 'expired');
  }
}

function emitZone(
  emitter: EventEmitter | undefined,
  time: number,
  instrumentId: string,
  zone: Zone,
  change: 'created' | 'touched' | 'broken',
): void {
  emitter?.emit('ZoneChanged', time, {
    instrumentId,
    zoneId: zone.zoneId,
    zoneType: zone.type,
    change,
    priceLow: zone.priceLow,
    priceHigh: zone.priceHigh,
    strength: zone.strength,
  });
}

function emitGap(
  emitter: EventEmitter | undefined,
  time: number,
  instrumentId: string,
  gap: Fvg,
  change: 'created' | 'filled' | 'expired',
): void {
  emitter?.emit('FairValueGapChanged', time, {
    instrumentId,
    fvgId: gap.fvgId,
    gapType: gap.type,
    timeframe: gap.timeframe,
    change,
    gapLow: gap.gapLow,
    gapHigh: gap.gapHigh,
  });
}
