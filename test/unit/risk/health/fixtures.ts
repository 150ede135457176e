import type { PortfolioPosition } from '../../../../core/src/risk/portfolio/types.ts';

/** Monday 2024-01-15 00:00:00 UTC. */
export const T0 = Date.UTC(2024, 0, 15);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * An open long of 100 units at 100 (entry notional 10,000), so `unrealizedPnl` reads directly as basis
 * points of the entry notional: -300 is -3%.
 */
export function pos(positionId: string, overrides: Partial<PortfolioPosition> = {}): PortfolioPosition {
  return {
    positionId,
    instrumentId: `binance-usdm:${positionId.toUpperCase()}USDT`,
    direction: 'long',
    quantity: 100,
    entryPrice: 100,
    entryTime: T0,
    lastPrice: 100,
    unrealizedPnl: 0,
    notional: 10_000,
    strategy: 'scalping',
    accountId: 'acc-1',
    ...overrides,
  };
}
