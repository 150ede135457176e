import type { PortfolioPosition } from '../../../../core/src/risk/portfolio/types.ts';

/** 2024-01-05 was a Friday; times are built with Date.UTC so each test reads as a calendar time. */
export function utc(day: number, hour: number, minute = 0, second = 0): number {
  return Date.UTC(2024, 0, day, hour, minute, second);
}

export const FRIDAY = 5;
export const SATURDAY = 6;
export const SUNDAY = 7;
export const MONDAY = 8;
export const WEDNESDAY = 3;

export function position(positionId: string, instrumentId: string): PortfolioPosition {
  return {
    positionId,
    instrumentId,
    direction: 'long',
    quantity: 10_000,
    entryPrice: 1.1,
    entryTime: utc(FRIDAY, 10),
    lastPrice: 1.101,
    unrealizedPnl: 10,
    notional: 11_010,
    strategy: 'scalping',
    accountId: 'acc-1',
  };
}
