import type { Side } from './ticks.ts';

/** Direction of a position or signal; distinct from the aggressor `Side` of a trade. */
export type Direction = 'long' | 'short';

export type OrderType = 'market' | 'limit';
export type TimeInForce = 'gtc' | 'ioc' | 'post_only';
export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';

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
  readonly createdAt: number;
}

export interface Fill {
  readonly fillId: string;
  readonly orderId: string;
  readonly instrumentId: string;
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
  readonly fee: number;
  readonly feeAsset: string;
  readonly liquidity: 'maker' | 'taker';
  readonly ts: number;
}

export interface Position {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly stopPrice: number;
  readonly openedAt: number;
  readonly realizedPnl: number;
}

/** A decision to enter, with the evidence behind it (filled in by the decision engine issue). */
export interface Signal {
  readonly signalId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  readonly entryPrice: number;
  readonly stopPrice: number;
  readonly confluenceScore: number;
  readonly ts: number;
}
