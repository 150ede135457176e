import type { Position } from '../domain/trading.ts';
import type { StateStore, StoredPosition, VenueKey } from '../ports/state-store.ts';
import type { ResumeState } from '../risk/monitor/position-monitor.ts';
import type { PortfolioPosition } from '../risk/portfolio/types.ts';

/** The parts of a trading session a restore touches (a `TradingSession` fits). */
export interface RestoreTarget {
  readonly execution: {
    restorePosition(position: Position): void;
    positions(): readonly Position[];
    lastPrice(instrumentId: string): number | undefined;
  };
  readonly monitor: { restore(position: Position, resume: ResumeState): void };
  readonly risk?: { onPositionOpened(position: PortfolioPosition): void };
}

export interface RestoreOptions {
  readonly key: VenueKey;
  /** Time of the restart (event time the monitor's periodic rules resume from). */
  readonly now: number;
  /** Only after a successful reconciliation: a failed one means the store cannot be trusted. */
  readonly gate?: { isTradingAllowed(): boolean };
  /** A fresher price than the stored entry for the resume sample (e.g. the venue's ticker). */
  readonly markPrice?: (instrumentId: string) => number | undefined;
}

export type RestoreResult =
  | {
      readonly ok: true;
      readonly restored: readonly StoredPosition[];
      readonly skipped: readonly { readonly positionId: string; readonly reason: string }[];
    }
  | {
      readonly ok: false;
      readonly reasonCode: 'not_reconciled' | 'store_unavailable';
      readonly message: string;
    };

/**
 * Startup, after reconciliation: puts the stored open positions back into the execution engine's book and
 * the position monitor, each with its saved stop, so the trailing stop resumes from that level (it keeps
 * tightening from there and never loosens) and the eventual exit closes the same position id.
 */
export async function restoreOpenPositions(
  store: StateStore,
  target: RestoreTarget,
  options: RestoreOptions,
): Promise<RestoreResult> {
  if (options.gate && !options.gate.isTradingAllowed()) {
    return { ok: false, reasonCode: 'not_reconciled', message: 'reconciliation has not succeeded' };
  }
  let stored: readonly StoredPosition[];
  try {
    stored = await store.listPositions(options.key);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reasonCode: 'store_unavailable', message };
  }
  const held = new Set(target.execution.positions().map((p) => p.instrumentId));
  const restored: StoredPosition[] = [];
  const skipped: { positionId: string; reason: string }[] = [];
  for (const record of stored) {
    if (held.has(record.instrumentId)) {
      skipped.push({ positionId: record.positionId, reason: 'instrument_already_open' });
      continue;
    }
    const position = positionOf(record);
    const price =
      target.execution.lastPrice(record.instrumentId) ??
      options.markPrice?.(record.instrumentId) ??
      record.entryPrice;
    target.execution.restorePosition(position);
    target.monitor.restore(position, { stopPrice: record.stopPrice, ts: options.now, price });
    target.risk?.onPositionOpened(portfolioOf(record, price));
    held.add(record.instrumentId);
    restored.push(record);
  }
  return { ok: true, restored, skipped };
}

function positionOf(r: StoredPosition): Position {
  return {
    positionId: r.positionId,
    instrumentId: r.instrumentId,
    direction: r.direction,
    quantity: r.quantity,
    entryPrice: r.entryPrice,
    entryTime: r.entryTime,
    initialStop: r.initialStop,
    entryFees: r.entryFees,
    signalId: r.signalId,
  };
}

function portfolioOf(r: StoredPosition, price: number): PortfolioPosition {
  const sign = r.direction === 'long' ? 1 : -1;
  return {
    positionId: r.positionId,
    instrumentId: r.instrumentId,
    direction: r.direction,
    quantity: r.quantity,
    entryPrice: r.entryPrice,
    entryTime: r.entryTime,
    lastPrice: price,
    unrealizedPnl: sign * (price - r.entryPrice) * r.quantity,
    notional: price * r.quantity,
    strategy: 'scalping',
    accountId: 'default',
  };
}
