import type { Side } from './ticks.ts';

/** Direction of a position or signal; distinct from the aggressor `Side` of a trade. */
export type Direction = 'long' | 'short';

export type OrderType = 'market' | 'limit';
export type TimeInForce = 'gtc' | 'ioc' | 'post_only';
export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';

/** The side of the order that opens (or, reversed, closes) a position in `direction`. */
export function entrySide(direction: Direction): Side {
  return direction === 'long' ? 'buy' : 'sell';
}

export function exitSide(direction: Direction): Side {
  return direction === 'long' ? 'sell' : 'buy';
}

export interface Order {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice: number | undefined;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  /** Event time the order was submitted. */
  readonly createdAt: number;
  /** Why the order exists: the signal id for entries, the exit reason for closes. */
  readonly purpose: string;
}

export interface Fill {
  readonly fillId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  /** Fee in quote currency (positive = paid). */
  readonly fee: number;
  readonly liquidity: 'maker' | 'taker';
  readonly ts: number;
  /** True when the order has no quantity left after this fill. */
  readonly orderComplete: boolean;
}

/** Why a position was closed: exactly one reason, the highest priority that fired (decisions.md #15). */
export type ExitReason =
  // Portfolio forced exits (decisions.md #15: highest priority).
  | 'circuit_breaker'
  | 'correlated_dump'
  | 'dump_detected'
  | 'prop_firm_breach'
  | 'max_hold'
  | 'session_close'
  | 'health_critical'
  | 'leverage_reduction'
  // Position monitor exits.
  | 'cascade_reversal'
  | 'consecutive_adverse_moves'
  | 'trailing_stop'
  | 'initial_stop'
  | 'reversal_signal'
  | 'end_of_data'
  // Reconciliation found the position gone from the venue (closed outside the engine or during downtime).
  | 'reconciled_closed';

export interface Position {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly entryTime: number;
  /** Initial stop (zone boundary, never further than the max stop distance from entry). */
  readonly initialStop: number;
  readonly entryFees: number;
  readonly signalId: string;
}

/** A decision to enter, with the evidence behind it. */
export interface Signal {
  readonly signalId: string;
  readonly decisionId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  /** Last trade price when the decision was taken. */
  readonly entryPrice: number;
  readonly stopPrice: number;
  readonly confluenceScore: number;
  readonly tier: 'low' | 'medium' | 'high';
  /** Share of the per-trade risk budget this tier uses (decisions.md #11: 0.5 / 0.75 / 1). */
  readonly riskMultiplier: number;
  readonly ts: number;
}

/** A finished round trip, as stored and reported. `pnl` is net of entry and exit fees. */
export interface ClosedTrade {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  readonly signalId: string;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly pnl: number;
  readonly fees: number;
  /** Net P&L over the entry notional, in percent. */
  readonly pnlPercent: number;
  readonly reason: ExitReason;
}
