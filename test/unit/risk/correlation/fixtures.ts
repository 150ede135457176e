import type { Candle } from '../../../../core/src/domain/candle.ts';
import type { TradeTick } from '../../../../core/src/domain/ticks.ts';
import type { Direction } from '../../../../core/src/domain/trading.ts';
import type { PortfolioPosition } from '../../../../core/src/risk/portfolio/types.ts';
import type { CorrelationMonitor } from '../../../../core/src/risk/portfolio/correlation-monitor.ts';

/** A 5-minute boundary, so refresh buckets start at T0 + k * 5 min. */
export const T0 = 1_699_999_800_000;
export const MIN = 60_000;
export const BTC = 'binance-spot:BTCUSDT';
export const ETH = 'binance-spot:ETHUSDT';
export const SOL = 'binance-spot:SOLUSDT';
export const PEPE = 'binance-spot:PEPEUSDT';

import { mulberry32 } from '../../../../core/src/marketdata/candle-expander.ts';

export { mulberry32 };

/** Standard normal draws (Box-Muller). */
export function normals(rand: () => number, n: number): number[] {
  return Array.from({ length: n }, () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  });
}

/**
 * 1m log returns: the leader is sigma * f, each follower sigma * (rho f + sqrt(1 - rho^2) e) with its own
 * noise e, so the population correlation with the leader is rho.
 */
export function correlatedReturns(
  seed: number,
  n: number,
  rhos: Readonly<Record<string, number>>,
  sigma = 0.001,
): { leader: number[]; followers: Record<string, number[]> } {
  const rand = mulberry32(seed);
  const factor = normals(rand, n);
  const followers: Record<string, number[]> = {};
  for (const [id, rho] of Object.entries(rhos)) {
    const noise = normals(rand, n);
    followers[id] = factor.map((f, i) => sigma * (rho * f + Math.sqrt(1 - rho * rho) * (noise[i] as number)));
  }
  return { leader: factor.map((f) => sigma * f), followers };
}

export function candle(instrumentId: string, i: number, open: number, close: number): Candle {
  return {
    instrumentId,
    timeframe: '1m',
    openTime: T0 + i * MIN,
    closeTime: T0 + (i + 1) * MIN,
    open,
    high: Math.max(open, close),
    low: Math.min(open, close),
    close,
    volume: 1,
    buyVolume: 0.5,
    sellVolume: 0.5,
    trades: 2,
    buyTrades: 1,
    sellTrades: 1,
  };
}

/**
 * Feeds candle `firstIndex` at `start`, then one candle per return, each closing at the previous close
 * times exp(return); returns the last close so a series can be continued.
 */
export function feed(
  monitor: CorrelationMonitor,
  instrumentId: string,
  start: number,
  returns: readonly number[],
  firstIndex = 0,
): number {
  monitor.onCandle(candle(instrumentId, firstIndex, start, start));
  let close = start;
  returns.forEach((r, k) => {
    const next = close * Math.exp(r);
    monitor.onCandle(candle(instrumentId, firstIndex + k + 1, close, next));
    close = next;
  });
  return close;
}

export function tick(instrumentId: string, ts: number, price: number): TradeTick {
  return { instrumentId, ts, localTs: ts, price, qty: 0.1, side: 'sell', tradeId: undefined };
}

export function position(positionId: string, instrumentId: string, direction: Direction): PortfolioPosition {
  return {
    positionId,
    instrumentId,
    direction,
    quantity: 1,
    entryPrice: 100,
    entryTime: T0,
    lastPrice: 100,
    unrealizedPnl: 0,
    notional: 100,
    strategy: 'scalping',
    accountId: 'acc-1',
  };
}

/** Ticks every 10 s moving linearly from `from` to `to` over `minutes`, starting at `start`. */
export function linearPath(
  instrumentId: string,
  start: number,
  from: number,
  to: number,
  minutes: number,
): TradeTick[] {
  const steps = minutes * 6;
  return Array.from({ length: steps + 1 }, (_, k) =>
    tick(instrumentId, start + k * 10_000, from + ((to - from) * k) / steps),
  );
}
