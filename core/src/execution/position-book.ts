import type { Direction, ExitReason, Fill, Position } from '../domain/trading.ts';
import { entrySide, exitSide } from '../domain/trading.ts';
import type { PayloadOf } from '../events/events.ts';

export interface EntryIntent {
  readonly positionId: string;
  readonly direction: Direction;
  readonly signalId: string;
  readonly initialStop: number;
}

export type ClosedPosition = PayloadOf<'PositionClosed'>;

/** What a fill changed; the caller turns it into events (the book emits nothing). */
export interface BookChange {
  readonly opened?: Position;
  readonly closed?: ClosedPosition;
}

interface OpenPosition {
  readonly intent: EntryIntent;
  readonly instrumentId: string;
  readonly entryTime: number;
  quantity: number;
  enteredQuantity: number;
  entryPrice: number;
  entryFees: number;
  exitedQuantity: number;
  exitNotional: number;
  exitFees: number;
  grossPnl: number;
}

/** Quantities left below this share of the traded size are float dust, not a position. */
const DUST = 1e-9;

/**
 * Positions per instrument (one at a time), built from fills. Entry fills open or add at the average
 * price; exit fills realize (exit − average entry) × qty, signed by direction. Equity marks open positions
 * to the last trade: starting equity + realized gross P&L − every fee paid + unrealized P&L.
 */
export class PositionBook {
  private readonly open = new Map<string, OpenPosition>();
  private readonly marks = new Map<string, number>();
  private realizedGross = 0;
  private feesPaid = 0;

  constructor(private readonly startingEquity: number) {}

  applyEntry(fill: Fill, intent: EntryIntent): BookChange {
    const existing = this.open.get(fill.instrumentId);
    if (fill.side !== entrySide(intent.direction))
      throw new Error(`entry fill ${fill.fillId} on the wrong side`);
    this.feesPaid += fill.fee;
    if (!existing) {
      const created: OpenPosition = {
        intent,
        instrumentId: fill.instrumentId,
        entryTime: fill.ts,
        quantity: fill.quantity,
        enteredQuantity: fill.quantity,
        entryPrice: fill.price,
        entryFees: fill.fee,
        exitedQuantity: 0,
        exitNotional: 0,
        exitFees: 0,
        grossPnl: 0,
      };
      this.open.set(fill.instrumentId, created);
      return { opened: snapshot(created) };
    }
    if (existing.intent.direction !== intent.direction) {
      throw new Error(`entry fill ${fill.fillId} opposes the open ${existing.intent.direction} position`);
    }
    const quantity = existing.quantity + fill.quantity;
    existing.entryPrice = (existing.entryPrice * existing.quantity + fill.price * fill.quantity) / quantity;
    existing.quantity = quantity;
    existing.enteredQuantity += fill.quantity;
    existing.entryFees += fill.fee;
    return {};
  }

  applyExit(fill: Fill, reason: ExitReason): BookChange {
    const position = this.open.get(fill.instrumentId);
    if (!position) throw new Error(`exit fill ${fill.fillId} without an open position`);
    const { direction } = position.intent;
    if (fill.side !== exitSide(direction)) throw new Error(`exit fill ${fill.fillId} on the wrong side`);
    const tolerance = position.enteredQuantity * DUST;
    if (fill.quantity > position.quantity + tolerance) throw new Error(`exit fill ${fill.fillId} overfills`);
    const sign = direction === 'long' ? 1 : -1;
    const gross = (fill.price - position.entryPrice) * fill.quantity * sign;
    position.grossPnl += gross;
    position.quantity -= fill.quantity;
    position.exitedQuantity += fill.quantity;
    position.exitNotional += fill.price * fill.quantity;
    position.exitFees += fill.fee;
    this.realizedGross += gross;
    this.feesPaid += fill.fee;
    if (position.quantity > tolerance) return {};
    this.open.delete(fill.instrumentId);
    return { closed: closeOf(position, fill.ts, reason) };
  }

  /**
   * Puts back a position the engine held before a restart (state store, after reconciliation). Its entry
   * fees count as paid so the eventual close reports the same net P&L as an uninterrupted run.
   */
  restore(position: Position): void {
    if (this.open.has(position.instrumentId))
      throw new Error(`cannot restore ${position.positionId}: ${position.instrumentId} already open`);
    const { positionId, direction, signalId, initialStop } = position;
    this.feesPaid += position.entryFees;
    this.open.set(position.instrumentId, {
      intent: { positionId, direction, signalId, initialStop },
      instrumentId: position.instrumentId,
      entryTime: position.entryTime,
      quantity: position.quantity,
      enteredQuantity: position.quantity,
      entryPrice: position.entryPrice,
      entryFees: position.entryFees,
      exitedQuantity: 0,
      exitNotional: 0,
      exitFees: 0,
      grossPnl: 0,
    });
  }

  mark(instrumentId: string, price: number): void {
    this.marks.set(instrumentId, price);
  }

  position(instrumentId: string): Position | undefined {
    const open = this.open.get(instrumentId);
    return open ? snapshot(open) : undefined;
  }

  positions(): Position[] {
    return [...this.open.values()].map((p) => snapshot(p));
  }

  /** Notional of every open position at its last trade price. */
  exposure(): number {
    let total = 0;
    for (const p of this.open.values()) total += p.quantity * this.markOf(p);
    return total;
  }

  unrealizedPnl(): number {
    let total = 0;
    for (const p of this.open.values()) {
      const sign = p.intent.direction === 'long' ? 1 : -1;
      total += (this.markOf(p) - p.entryPrice) * p.quantity * sign;
    }
    return total;
  }

  equity(): number {
    return this.startingEquity + this.realizedGross - this.feesPaid + this.unrealizedPnl();
  }

  realizedPnl(): number {
    return this.realizedGross;
  }

  fees(): number {
    return this.feesPaid;
  }

  lastPrice(instrumentId: string): number | undefined {
    return this.marks.get(instrumentId);
  }

  private markOf(p: OpenPosition): number {
    return this.marks.get(p.instrumentId) ?? p.entryPrice;
  }
}

function snapshot(p: OpenPosition, quantity = p.quantity): Position {
  return {
    positionId: p.intent.positionId,
    instrumentId: p.instrumentId,
    direction: p.intent.direction,
    quantity,
    entryPrice: p.entryPrice,
    entryTime: p.entryTime,
    initialStop: p.intent.initialStop,
    entryFees: p.entryFees,
    signalId: p.intent.signalId,
  };
}

/** pnl is net of entry and exit fees; pnlPercent is that pnl over the entry notional, in percent. */
function closeOf(p: OpenPosition, exitTime: number, reason: ExitReason): ClosedPosition {
  const fees = p.entryFees + p.exitFees;
  const pnl = p.grossPnl - fees;
  return {
    position: snapshot(p, p.exitedQuantity),
    exitPrice: p.exitNotional / p.exitedQuantity,
    exitTime,
    pnl,
    fees,
    pnlPercent: (pnl / (p.entryPrice * p.exitedQuantity)) * 100,
    reason,
  };
}
