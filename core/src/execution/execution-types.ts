import type { ExecutionConfig } from '../config/execution-config.ts';
import type { Direction, Order, Position, Signal } from '../domain/trading.ts';
import type { PositionSizing } from './sizing.ts';

/** Stable reason codes of the chain's own rejections; venue refusals pass the venue's code through. */
export const REJECT = {
  positionExists: 'position_exists',
  maxPositions: 'max_positions',
  exposureLimit: 'exposure_limit',
  priceBand: 'price_band',
  duplicateOrder: 'duplicate_order',
  insufficientBalance: 'insufficient_balance',
  stopTooWide: 'stop_too_wide',
  invalidStop: 'invalid_stop',
  shortNotAllowed: 'short_not_allowed',
} as const;

export interface Rejection {
  readonly ok: false;
  readonly handler: string;
  readonly reasonCode: string;
  readonly message: string;
}

export type HandlerResult = { readonly ok: true } | Rejection;

export const PASS: HandlerResult = { ok: true };

export function reject(handler: string, reasonCode: string, message: string): Rejection {
  return { ok: false, handler, reasonCode, message };
}

/** An entry order still working at the venue. */
export interface WorkingEntry {
  readonly orderId: string;
  readonly direction: Direction;
  readonly remainingQuantity: number;
  /** Expected fill price, for exposure and margin while the order works. */
  readonly price: number;
}

/**
 * What handlers may read. "Committed" figures count open positions and working entries, but not positions
 * already being closed: a reversal's close frees its slot, exposure and margin for the new entry.
 */
export interface ExecutionView {
  position(instrumentId: string): Position | undefined;
  isExiting(instrumentId: string): boolean;
  workingEntry(instrumentId: string): WorkingEntry | undefined;
  committedSlots(): number;
  committedExposure(): number;
  committedMargin(): number;
  equity(): number;
  /** Last entry order placed on this instrument and direction. */
  lastEntry(
    instrumentId: string,
    direction: Direction,
  ): { readonly ts: number; readonly signalId: string } | undefined;
}

/** What handlers may do; the engine implements these and keeps the books. */
export interface ExecutionActions {
  /** Cancels an opposite working entry and requests the close of the opposite position. */
  closeForReversal(instrumentId: string, ts: number): HandlerResult;
  /** Records an accepted entry order so its fills open the position. */
  recordEntry(order: Order, ctx: ExecutionContext): void;
  /** Asks the engine to hand the position to the monitor when this order's first fill opens it. */
  monitorOnFill(orderId: string): void;
}

export interface ExecutionContext {
  readonly signal: Signal;
  readonly lastPrice: number;
  readonly config: ExecutionConfig;
  readonly view: ExecutionView;
  readonly actions: ExecutionActions;
  readonly sizing: PositionSizing;
  /** Set by order placement: the id it submitted, and the order if the venue accepted it. */
  clientOrderId: string | undefined;
  order: Order | undefined;
}

/** One link of the chain of responsibility (design 2.2.4): pass, or stop with a reason. */
export interface ExecutionHandler {
  readonly name: string;
  handle(ctx: ExecutionContext): HandlerResult;
}
