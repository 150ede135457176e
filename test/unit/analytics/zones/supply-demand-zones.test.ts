import { describe, expect, it } from 'vitest';
import { defaultAnalyticsConfig } from '../../../../core/src/config/analytics-config.ts';
import {
  MIN_VOLUME_HISTORY,
  SupplyDemandZones,
  zoneStrength,
  type ZonesConfig,
} from '../../../../core/src/analytics/zones/index.ts';
import { INSTRUMENT, MINUTE, QUARTER, T0, candle, minute } from './candle-fixture.ts';

const defaults = defaultAnalyticsConfig.zones;

/** Quiet 15m candles (wicks 10% each side, volume 100): they build the baseline and never make zones. */
function warmedUp(count = 5, config: Partial<ZonesConfig> = {}): SupplyDemandZones {
  const zones = new SupplyDemandZones({ ...defaults, ...config }, INSTRUMENT);
  for (let i = 0; i < count; i += 1) {
    zones.onZoneCandle(candle({ openTime: T0 + i * QUARTER, open: 99.2, high: 101, low: 99, close: 100.8 }));
  }
  return zones;
}

/** Range 2.5, lower wick 2 (80%): demand zone [base - 2, base]. */
function demandCandle(slot: number, base: number, volume: number) {
  return candle({
    openTime: T0 + slot * QUARTER,
    open: base,
    high: base + 0.5,
    low: base - 2,
    close: base + 0.4,
    volume,
  });
}

/** Range 2.5, upper wick 2 (80%): supply zone [base, base + 2]. */
function supplyCandle(slot: number, base: number, volume: number) {
  return candle({
    openTime: T0 + slot * QUARTER,
    open: base,
    high: base + 2,
    low: base - 0.5,
    close: base - 0.4,
    volume,
  });
}

/** closeTime of the 15m candle in `slot`: when a zone made by it starts to exist. */
const createdAt = (slot: number) => T0 + (slot + 1) * QUARTER;

describe('SupplyDemandZones creation', () => {
  it('creates a fresh demand zone from a long lower wick on 1.5x average volume', () => {
    const zones = warmedUp();
    const { created } = zones.onZoneCandle(demandCandle(5, 100, 150));
    expect(created).toEqual([
      {
        zoneId: `${INSTRUMENT}:demand:${T0 + 5 * QUARTER}`,
        type: 'demand',
        priceLow: 98,
        priceHigh: 100,
        timeframe: '15m',
        createdAt: createdAt(5),
        volume: 150,
        volumeRatio: 1.5,
        touches: 0,
        lastTestedAt: undefined,
        status: 'fresh',
        strength: 87.5,
      },
    ]);
    expect(zones.zones()).toEqual(created);
  });

  it('creates a supply zone from the body top to the high of a long upper wick', () => {
    const zones = warmedUp();
    const { created } = zones.onZoneCandle(supplyCandle(5, 100, 200));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      type: 'supply',
      priceLow: 100,
      priceHigh: 102,
      volumeRatio: 2,
      strength: 100,
    });
  });

  it('creates no zone when volume is just under 1.5x the average', () => {
    const zones = warmedUp();
    expect(zones.onZoneCandle(demandCandle(5, 100, 149)).created).toEqual([]);
  });

  it('creates no zone when neither wick reaches half of the range, however high the volume', () => {
    const zones = warmedUp();
    // Range 1.6, both wicks 0.6 (37.5%).
    const shortWicks = candle({
      openTime: T0 + 5 * QUARTER,
      open: 100,
      high: 101,
      low: 99.4,
      close: 100.4,
      volume: 1000,
    });
    expect(zones.onZoneCandle(shortWicks).created).toEqual([]);
  });

  it('creates no zone from a zero-range candle', () => {
    const zones = warmedUp();
    const flat = candle({
      openTime: T0 + 5 * QUARTER,
      open: 100,
      high: 100,
      low: 100,
      close: 100,
      volume: 1000,
    });
    expect(zones.onZoneCandle(flat).created).toEqual([]);
  });

  it(`needs ${MIN_VOLUME_HISTORY} earlier zone candles before trusting the volume average`, () => {
    const early = warmedUp(MIN_VOLUME_HISTORY - 1);
    expect(early.onZoneCandle(demandCandle(MIN_VOLUME_HISTORY - 1, 100, 1000)).created).toEqual([]);
    const ready = warmedUp(MIN_VOLUME_HISTORY);
    expect(ready.onZoneCandle(demandCandle(MIN_VOLUME_HISTORY, 100, 1000)).created).toHaveLength(1);
  });

  it('averages only the previous volumeAveragePeriod candles', () => {
    const zones = new SupplyDemandZones({ ...defaults, volumeAveragePeriod: 5 }, INSTRUMENT);
    const volumes = [1000, 100, 100, 100, 100, 100];
    volumes.forEach((volume, i) =>
      zones.onZoneCandle(
        candle({ openTime: T0 + i * QUARTER, open: 99.2, high: 101, low: 99, close: 100.8, volume }),
      ),
    );
    // The 1000 has left the 5-candle window: average 100, ratio 1.5.
    expect(zones.onZoneCandle(demandCandle(6, 100, 150)).created[0]?.volumeRatio).toBe(1.5);
  });

  it('ignores candles of other timeframes and replayed candles', () => {
    const zones = warmedUp();
    const fiveMinute = { ...demandCandle(5, 100, 1000), timeframe: '5m' as const };
    expect(zones.onZoneCandle(fiveMinute).created).toEqual([]);
    expect(zones.onZoneCandle(demandCandle(4, 100, 1000)).created).toEqual([]);
    expect(zones.zones()).toEqual([]);
  });

  it('throws on a candle of another instrument', () => {
    const zones = warmedUp();
    expect(() => zones.onZoneCandle({ ...demandCandle(5, 100, 150), instrumentId: 'other:ETHUSDT' })).toThrow(
      /other:ETHUSDT/,
    );
  });
});

describe('SupplyDemandZones touches and breaks', () => {
  const at = (i: number) => createdAt(5) + i * MINUTE;

  function withDemandZone(): SupplyDemandZones {
    const zones = warmedUp();
    zones.onZoneCandle(demandCandle(5, 100, 150)); // demand [98, 100], ratio 1.5
    return zones;
  }

  it('counts one touch for price sitting in the zone until it closes back outside (re-arm rule)', () => {
    const zones = withDemandZone();
    expect(zones.onPriceCandle(minute(at(0), 99.5, 100.4, 99.8)).touched).toHaveLength(1); // enters, closes inside
    expect(zones.onPriceCandle(minute(at(1), 99.4, 99.9, 99.7)).touched).toEqual([]); // still inside
    expect(zones.onPriceCandle(minute(at(2), 99.6, 100.3, 100.2)).touched).toEqual([]); // closes outside: re-armed
    expect(zones.onPriceCandle(minute(at(3), 100.1, 100.6, 100.5)).touched).toEqual([]); // above, no contact
    const second = zones.onPriceCandle(minute(at(4), 99.9, 100.4, 100.3)).touched;
    expect(second).toMatchObject([{ touches: 2, lastTestedAt: at(5), status: 'tested' }]);
  });

  it('moves fresh -> tested -> weakened with strength 87.5 -> 61.25 -> 35 at a 1.5x volume ratio', () => {
    const zones = withDemandZone();
    expect(zones.zones()[0]).toMatchObject({ status: 'fresh', strength: 87.5 });
    const expected = [
      { touches: 1, status: 'tested', strength: 61.25 },
      { touches: 2, status: 'tested', strength: 61.25 },
      { touches: 3, status: 'weakened', strength: 35 },
      { touches: 4, status: 'weakened', strength: 35 },
    ];
    expected.forEach((state, i) => {
      // Each candle dips into the zone and closes above it, so every one is a new touch.
      const { touched } = zones.onPriceCandle(minute(at(i), 99.9, 100.5, 100.3));
      expect(touched).toMatchObject([state]);
    });
    expect(zones.zones()[0]).toMatchObject({ touches: 4, status: 'weakened', lastTestedAt: at(4) });
  });

  it('ignores 1m candles from inside the creating 15m candle', () => {
    const zones = withDemandZone();
    // Opens one minute before the zone exists and closes exactly at its creation.
    expect(zones.onPriceCandle(minute(createdAt(5) - MINUTE, 97.5, 100, 97.6)).broken).toEqual([]);
    expect(zones.zones()[0]).toMatchObject({ touches: 0, status: 'fresh' });
  });

  it('removes a demand zone on a close below its low and reports it broken', () => {
    const zones = withDemandZone();
    const { touched, broken } = zones.onPriceCandle(minute(at(0), 97.5, 100.2, 97.9));
    expect(touched).toEqual([]);
    expect(broken).toMatchObject([{ priceLow: 98, priceHigh: 100, status: 'broken', strength: 0 }]);
    expect(zones.zones()).toEqual([]);
  });

  it('treats a wick through the zone that closes back inside as a touch, not a break', () => {
    const zones = withDemandZone();
    const { touched, broken } = zones.onPriceCandle(minute(at(0), 97, 100.2, 98.5));
    expect(broken).toEqual([]);
    expect(touched).toMatchObject([{ touches: 1 }]);
  });

  it('touches a supply zone at its low edge and breaks it on a close above its high', () => {
    const zones = warmedUp();
    zones.onZoneCandle(supplyCandle(5, 100, 200)); // supply [100, 102]
    expect(zones.onPriceCandle(minute(at(0), 99.5, 100, 99.7)).touched).toMatchObject([{ touches: 1 }]);
    expect(zones.onPriceCandle(minute(at(1), 99.6, 102.5, 102.1)).broken).toMatchObject([{ type: 'supply' }]);
    expect(zones.zones()).toEqual([]);
  });

  it('ignores 1m candles that are not newer than the last one', () => {
    const zones = withDemandZone();
    zones.onPriceCandle(minute(at(1), 99.9, 100.5, 100.3));
    expect(zones.onPriceCandle(minute(at(0), 97, 100.5, 97.5))).toEqual({ touched: [], broken: [] });
    expect(zones.zones()).toHaveLength(1);
  });
});

describe('SupplyDemandZones cap and queries', () => {
  it('drops the oldest zone when over maxZones and all are equally strong', () => {
    const zones = warmedUp(5, { maxZones: 2, volumeAveragePeriod: 5 });
    // Ratios 10, 3.57, 2.17: all saturate the volume factor, strength 100.
    const first = zones.onZoneCandle(demandCandle(5, 120, 1000)).created[0];
    zones.onZoneCandle(demandCandle(6, 110, 1000));
    const { created, dropped } = zones.onZoneCandle(demandCandle(7, 100, 1000));
    expect(created).toMatchObject([{ priceLow: 98, strength: 100 }]);
    expect(dropped).toEqual([first]);
    expect(zones.zones().map((z) => z.priceHigh)).toEqual([110, 100]);
  });

  it('drops the weakest zone before an older but stronger one', () => {
    const zones = warmedUp(5, { maxZones: 2, volumeAveragePeriod: 5 });
    zones.onZoneCandle(supplyCandle(5, 130, 1000)); // supply [130, 132], oldest
    zones.onZoneCandle(demandCandle(6, 110, 1000)); // demand [108, 110]
    zones.onPriceCandle(minute(createdAt(6), 109.5, 110.5, 110.3)); // tests the demand zone: strength 70
    const { dropped } = zones.onZoneCandle(demandCandle(7, 100, 1000));
    expect(dropped).toMatchObject([{ type: 'demand', priceHigh: 110, strength: 70 }]);
    expect(zones.zones().map((z) => z.priceLow)).toEqual([130, 98]);
  });

  it('finds zones containing a price and the nearest zone of each type as a fraction of price', () => {
    const zones = warmedUp(5, { volumeAveragePeriod: 5 });
    zones.onZoneCandle(demandCandle(5, 100, 1000)); // demand [98, 100]
    zones.onZoneCandle(supplyCandle(6, 104, 1000)); // supply [104, 106]
    expect(zones.zonesContaining(99).map((z) => z.type)).toEqual(['demand']);
    expect(zones.zonesContaining(100).map((z) => z.type)).toEqual(['demand']);
    expect(zones.zonesContaining(102)).toEqual([]);
    expect(zones.nearest('demand', 101)?.distance).toBeCloseTo(1 / 101, 12);
    expect(zones.nearest('supply', 101)?.distance).toBeCloseTo(3 / 101, 12);
    expect(zones.nearest('supply', 105)).toMatchObject({ zone: { priceLow: 104 }, distance: 0 });
    expect(zones.nearest('demand', 97)?.distance).toBeCloseTo(1 / 97, 12);
  });

  it('returns no nearest zone when none of that type exists', () => {
    expect(warmedUp().nearest('supply', 100)).toBeUndefined();
  });
});

describe('zoneStrength', () => {
  it('scales the status base by min(1, 0.5 + 0.25 x volume ratio)', () => {
    expect(zoneStrength('fresh', 1.5)).toBe(87.5);
    expect(zoneStrength('fresh', 2)).toBe(100);
    expect(zoneStrength('fresh', 6)).toBe(100);
    expect(zoneStrength('tested', 1)).toBe(52.5);
    expect(zoneStrength('weakened', 2)).toBe(40);
    expect(zoneStrength('broken', 3)).toBe(0);
  });
});
