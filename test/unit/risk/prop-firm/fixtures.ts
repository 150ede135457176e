import {
  parsePropFirmRuleSet,
  type PropFirmRuleSet,
} from '../../../../core/src/config/risk/prop-firm-config.ts';
import type { PortfolioPosition } from '../../../../core/src/risk/portfolio/types.ts';

/** 2024-01-10 00:00 UTC; days are whole multiples of 24 h from here. */
export const DAY1 = Date.UTC(2024, 0, 10);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function ftmo(overrides: Record<string, unknown> = {}): PropFirmRuleSet {
  return parsePropFirmRuleSet({ accountId: 'ftmo-1', startingBalance: 100_000, ...overrides });
}

export function position(positionId: string, accountId: string, unrealizedPnl = 0): PortfolioPosition {
  return {
    positionId,
    instrumentId: 'oanda-forex:EURUSD',
    direction: 'long',
    quantity: 100_000,
    entryPrice: 1.1,
    entryTime: DAY1,
    lastPrice: 1.1 + unrealizedPnl / 100_000,
    unrealizedPnl,
    notional: 110_000 + unrealizedPnl,
    strategy: 'scalping',
    accountId,
  };
}
