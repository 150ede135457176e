import type { Side } from '../domain/ticks.ts';
import type { Fill, Order, OrderType, TimeInForce } from '../domain/trading.ts';

export interface OrderRequest {
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice: number | undefined;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  /** Event time of submission. */
  readonly ts: number;
  readonly purpose: string;
}

/** Immediate answer to a submission. Expected refusals are values with a stable code, never throws. */
export type SubmitResult =
  | { readonly accepted: true; readonly order: Order }
  | { readonly accepted: false; readonly reasonCode: string; readonly message: string };

/** What the venue reports later: fills (possibly partial) and orders it cancelled or expired. */
export type ExecutionReport =
  | { readonly kind: 'fill'; readonly fill: Fill }
  | { readonly kind: 'cancelled'; readonly order: Order; readonly reasonCode: string };

export interface Balance {
  readonly asset: string;
  readonly free: number;
  readonly locked: number;
}

export interface VenuePosition {
  readonly instrumentId: string;
  /** Signed: positive long, negative short. */
  readonly quantity: number;
  readonly entryPrice: number;
}

/**
 * A trading venue. Submission and cancellation answer synchronously (a live adapter answers "accepted,
 * pending" and reports the outcome later), so replay and live share one code path; fills always arrive
 * through the execution listener. Queries are async because live venues answer over the network.
 */
export interface VenuePort {
  readonly venueId: string;
  submit(request: OrderRequest): SubmitResult;
  cancel(orderId: string, ts: number): boolean;
  onExecution(listener: (report: ExecutionReport) => void): void;
  openOrders(): Promise<readonly Order[]>;
  balances(): Promise<readonly Balance[]>;
  positions(): Promise<readonly VenuePosition[]>;
}
