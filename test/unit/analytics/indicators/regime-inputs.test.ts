import { describe, it, expect } from 'vitest';
import { defaultAnalyticsConfig } from '../../../../core/src/config/analytics-config.ts';
import { RegimeInputs } from '../../../../core/src/analytics/indicators/regime-inputs.ts';
import type { RegimeSnapshot } from '../../../../core/src/analytics/indicators/regime-inputs.ts';
import {
  DirectionalPersistence,
  MeanReversionStrength,
  StructureDetector,
  VolumeTrend,
  WilderAdx,
  WilderAtr,
} from '../../../../core/src/analytics/indicators/index.ts';
import { loadBtc15m } from './fixtures.ts';

const regime = defaultAnalyticsConfig.regime;

describe('RegimeInputs', () => {
  it('reports every field undefined before the first candle', () => {
    const snap = new RegimeInputs(regime).snapshot();
    expect(snap.candles).toBe(0);
    for (const [key, value] of Object.entries(snap)) if (key !== 'candles') expect(value).toBeUndefined();
  });

  it('warms each field at its own indicator warm-up with the default config', () => {
    const inputs = new RegimeInputs(regime);
    const firstSeen = new Map<keyof RegimeSnapshot, number>();
    loadBtc15m()
      .slice(0, 120)
      .forEach((bar, i) => {
        inputs.update(bar);
        for (const [key, value] of Object.entries(inputs.snapshot())) {
          const k = key as keyof RegimeSnapshot;
          if (value !== undefined && !firstSeen.has(k)) firstSeen.set(k, i + 1);
        }
      });
    expect(Object.fromEntries(firstSeen)).toEqual({
      candles: 1,
      structure: 3,
      volumeTrend: 10,
      upVolumeShare: 10,
      atr: 15,
      atrPercent: 15,
      plusDi: 15,
      minusDi: 15,
      adx: 28,
      persistence: 50,
      meanReversionStrength: 100,
    });
  });

  it('equals its component indicators fed the same 19 days of real 15m candles', () => {
    const bars = loadBtc15m();
    const inputs = new RegimeInputs(regime);
    const adx = new WilderAdx(regime.adxPeriod);
    const atr = new WilderAtr(regime.atrPeriod);
    const structure = new StructureDetector(regime.structureCandles);
    const persistence = new DirectionalPersistence({
      minCandles: regime.persistenceMinCandles,
      maxCandles: regime.persistenceMaxCandles,
    });
    const meanReversion = new MeanReversionStrength({
      lookback: regime.meanReversionLookback,
      bandPeriod: regime.meanReversionBandPeriod,
      horizon: regime.meanReversionHorizon,
    });
    const volume = new VolumeTrend(regime.volumeTrendCandles);
    for (const bar of bars) {
      inputs.update(bar);
      adx.update(bar);
      atr.update(bar);
      structure.update(bar);
      persistence.update(bar.close);
      meanReversion.update(bar.close);
      volume.update(bar);
    }
    const last = bars[bars.length - 1]!;
    expect(inputs.snapshot()).toEqual({
      adx: adx.adx,
      plusDi: adx.plusDi,
      minusDi: adx.minusDi,
      atr: atr.value,
      atrPercent: atr.value! / last.close,
      structure: structure.value,
      persistence: persistence.value,
      meanReversionStrength: meanReversion.value,
      volumeTrend: volume.trend,
      upVolumeShare: volume.upVolumeShare,
      candles: bars.length,
    });
  });

  it('keeps every value in its documented range over real data', () => {
    const inputs = new RegimeInputs(regime);
    for (const bar of loadBtc15m()) {
      inputs.update(bar);
      const s = inputs.snapshot();
      for (const v of [s.adx, s.plusDi, s.minusDi])
        if (v !== undefined) expect(v >= 0 && v <= 100).toBe(true);
      for (const v of [s.persistence, s.meanReversionStrength, s.upVolumeShare]) {
        if (v !== undefined) expect(v >= 0 && v <= 1).toBe(true);
      }
      if (s.atrPercent !== undefined) expect(s.atrPercent > 0 && s.atrPercent < 0.1).toBe(true);
    }
  });

  it('rejects a config whose windows do not fit in historyCandles', () => {
    expect(() => new RegimeInputs({ ...regime, historyCandles: 100 })).toThrow(/meanReversionLookback/);
    expect(() => new RegimeInputs({ ...regime, persistenceMinCandles: 120 })).toThrow(RangeError);
  });
});
