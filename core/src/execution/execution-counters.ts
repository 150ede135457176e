import type { ClosedTrade } from '../domain/trading.ts';
import type { ClosedPosition } from './position-book.ts';

export type { ClosedTrade };

export interface ExecutionCountersSnapshot {
  readonly signals: number;
  /** Signals refused, per reason code. */
  readonly rejections: Readonly<Record<string, number>>;
  readonly ordersPlaced: number;
  readonly ordersRejected: number;
  readonly fills: number;
  readonly positionsOpened: number;
  readonly positionsClosed: number;
  readonly workingOrders: number;
}

export class ExecutionCounters {
  signals = 0;
  ordersPlaced = 0;
  ordersRejected = 0;
  fills = 0;
  positionsOpened = 0;
  readonly closedTrades: ClosedTrade[] = [];
  private readonly rejections: Record<string, number> = {};

  rejectedSignal(reasonCode: string): void {
    this.rejections[reasonCode] = (this.rejections[reasonCode] ?? 0) + 1;
  }

  recordClose(closed: ClosedPosition): void {
    const { position } = closed;
    this.closedTrades.push({
      positionId: position.positionId,
      instrumentId: position.instrumentId,
      direction: position.direction,
      signalId: position.signalId,
      entryTime: position.entryTime,
      entryPrice: position.entryPrice,
      exitTime: closed.exitTime,
      exitPrice: closed.exitPrice,
      quantity: position.quantity,
      pnl: closed.pnl,
      fees: closed.fees,
      pnlPercent: closed.pnlPercent,
      reason: closed.reason,
    });
  }

  snapshot(workingOrders: number): ExecutionCountersSnapshot {
    return {
      signals: this.signals,
      rejections: { ...this.rejections },
      ordersPlaced: this.ordersPlaced,
      ordersRejected: this.ordersRejected,
      fills: this.fills,
      positionsOpened: this.positionsOpened,
      positionsClosed: this.closedTrades.length,
      workingOrders,
    };
  }
}
