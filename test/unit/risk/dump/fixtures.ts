import type { Candle } from '../../../../core/src/domain/candle.ts';
import type { Direction } from '../../../../core/src/domain/trading.ts';
import type { AnalyticsSnapshot, ZoneView } from '../../../../core/src/events/analytics-snapshot.ts';
import { emptySnapshot } from '../../../support/empty-snapshot.ts';
import type { PortfolioPosition } from '../../../../core/src/risk/portfolio/types.ts';
import { defaultDumpConfig, type DumpConfig } from '../../../../core/src/config/risk/dump-config.ts';
import { DumpDetector, type DumpFinding } from '../../../../core/src/risk/portfolio/dump-detector.ts';

export const ETH = 'binance-spot:ETHUSDT';
/** A minute boundary, so candle i spans [T0 + i min, T0 + (i + 1) min). */
export const T0 = 1_699_999_800_000;
export const MIN = 60_000;
/** Prices are mirrored around this for the short-side versions of each scenario. */
export const PIVOT = 3_000;

export interface Bar {
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly buy: number;
  readonly sell: number;
}

export function candle(i: number, bar: Bar, instrumentId = ETH): Candle {
  return {
    instrumentId,
    timeframe: '1m',
    openTime: T0 + i * MIN,
    closeTime: T0 + (i + 1) * MIN,
    open: bar.o,
    high: bar.h,
    low: bar.l,
    close: bar.c,
    volume: bar.buy + bar.sell,
    buyVolume: bar.buy,
    sellVolume: bar.sell,
    trades: 10,
    buyTrades: 5,
    sellTrades: 5,
  };
}

/** The same bar seen from the other side: prices reflected around PIVOT, buy and sell volume swapped. */
export function mirrorBar(bar: Bar): Bar {
  return {
    o: 2 * PIVOT - bar.o,
    h: 2 * PIVOT - bar.l,
    l: 2 * PIVOT - bar.h,
    c: 2 * PIVOT - bar.c,
    buy: bar.sell,
    sell: bar.buy,
  };
}

export function mirrorZone(zone: ZoneView): ZoneView {
  const zoneType = zone.zoneType === 'supply' ? 'demand' : 'supply';
  return { ...zone, zoneType, priceLow: 2 * PIVOT - zone.priceHigh, priceHigh: 2 * PIVOT - zone.priceLow };
}

/** A flat, buy-leaning bar: no trigger fires on a run of these for a long. */
export function flat(price = PIVOT, range = 2, volume = 10): Bar {
  return { o: price, h: price + range, l: price - range, c: price, buy: volume * 0.6, sell: volume * 0.4 };
}

export function position(
  direction: Direction,
  entryTime: number,
  entryPrice = PIVOT,
  positionId = 'pos-1',
): PortfolioPosition {
  return {
    positionId,
    instrumentId: ETH,
    direction,
    quantity: 1,
    entryPrice,
    entryTime,
    lastPrice: entryPrice,
    unrealizedPnl: 0,
    notional: entryPrice,
    strategy: 'scalping',
    accountId: 'acc-1',
  };
}

export function zone(zoneType: 'supply' | 'demand', priceLow: number, priceHigh: number): ZoneView {
  return {
    zoneId: `z-${zoneType}`,
    zoneType,
    priceLow,
    priceHigh,
    status: 'fresh',
    touches: 1,
    strength: 1,
    distance: 0.001,
  };
}

export interface SnapshotParts {
  readonly imbalance?: number | null;
  readonly lastPrice?: number;
  readonly supply?: ZoneView | null;
  readonly demand?: ZoneView | null;
}

/** A snapshot carrying only what the dump detector reads. */
export function snapshot(ts: number, parts: SnapshotParts = {}): AnalyticsSnapshot {
  const base = emptySnapshot(ETH, ts, parts.lastPrice ?? PIVOT);
  return {
    ...base,
    orderFlow: { ...base.orderFlow, imbalance30s: parts.imbalance ?? null, trades30s: 20 },
    nearestDemand: parts.demand ?? null,
    nearestSupply: parts.supply ?? null,
  };
}

export function run(
  direction: Direction,
  history: readonly Bar[],
  after: readonly Bar[],
  options: { config?: DumpConfig; zone?: ZoneView } = {},
): DumpFinding[][] {
  const detector = new DumpDetector(options.config ?? defaultDumpConfig);
  history.forEach((bar, i) => detector.onCandle(candle(i, bar)));
  const entryTime = T0 + history.length * MIN;
  if (options.zone) {
    const { zoneType } = options.zone;
    detector.onSnapshot(
      snapshot(entryTime - 1, zoneType === 'supply' ? { supply: options.zone } : { demand: options.zone }),
    );
  }
  detector.track(position(direction, entryTime));
  return after.map((bar, i) => [...detector.onCandle(candle(history.length + i, bar))]);
}

export function repeat(bar: Bar, n: number): Bar[] {
  return Array.from({ length: n }, () => bar);
}
