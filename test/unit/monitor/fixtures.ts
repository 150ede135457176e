import { defaultExitConfig, type ExitConfig } from '../../../core/src/config/exit-config.ts';
import { PositionMonitor, type ExitSignal } from '../../../core/src/risk/monitor/position-monitor.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import type { Direction, Position } from '../../../core/src/domain/trading.ts';
import type { AnalyticsSnapshot } from '../../../core/src/events/analytics-snapshot.ts';
import { emptySnapshot } from '../../support/empty-snapshot.ts';

export const BTC = 'binance-usdm:BTCUSDT';
export const T0 = 1_700_000_000_000;

export function position(overrides: Partial<Position> & { direction: Direction }): Position {
  const entryPrice = overrides.entryPrice ?? 50_000;
  const long = overrides.direction === 'long';
  return {
    positionId: 'pos-1',
    instrumentId: BTC,
    quantity: 0.1,
    entryPrice,
    entryTime: T0,
    initialStop: long ? entryPrice - entryPrice * 0.005 : entryPrice + entryPrice * 0.005,
    entryFees: 0,
    signalId: 'sig-1',
    ...overrides,
  };
}

export function trade(ts: number, price: number, instrumentId = BTC): TradeTick {
  return { instrumentId, ts, localTs: ts, price, qty: 0.01, side: 'buy', tradeId: undefined };
}

/** A snapshot that carries only the cascade imbalances the monitor reads; everything else is empty. */
export function snapshot(
  ts: number,
  i1m: number | null,
  i5m: number | null,
  i15m: number | null,
): AnalyticsSnapshot {
  const base = emptySnapshot(BTC, ts, 50_000);
  return { ...base, orderFlow: { ...base.orderFlow, cascade: { '1m': i1m, '5m': i5m, '15m': i15m } } };
}

export function setup(config: ExitConfig = defaultExitConfig) {
  const exits: ExitSignal[] = [];
  const monitor = new PositionMonitor(config, (exit) => exits.push(exit));
  return { monitor, exits };
}

/** One trade every 2 s after entry, returning how many exits had fired after each. */
export function everyTwoSeconds(
  monitor: PositionMonitor,
  exits: readonly ExitSignal[],
  prices: readonly number[],
): number[] {
  return prices.map((price, i) => {
    monitor.onTrade(trade(T0 + (i + 1) * 2_000, price));
    return exits.length;
  });
}
