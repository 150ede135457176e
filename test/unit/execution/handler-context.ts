import type { Direction, Order, Position, Signal } from '../../../core/src/domain/trading.ts';
import type {
  ExecutionContext,
  ExecutionView,
  HandlerResult,
  WorkingEntry,
} from '../../../core/src/execution/execution-types.ts';
import { positionSize } from '../../../core/src/execution/sizing.ts';
import { BTC, config, signal } from './fixtures.ts';

export interface StubState {
  positions?: Position[];
  exiting?: string[];
  workingEntries?: Record<string, WorkingEntry>;
  slots?: number;
  exposure?: number;
  margin?: number;
  equity?: number;
  lastEntries?: Record<string, { ts: number; signalId: string }>;
}

export function position(direction: Direction, overrides: Partial<Position> = {}): Position {
  return {
    positionId: 'pos-9',
    instrumentId: BTC,
    direction,
    quantity: 0.8,
    entryPrice: 50_000,
    entryTime: 500,
    initialStop: direction === 'long' ? 49_750 : 50_250,
    entryFees: 16,
    signalId: 'sig-0',
    ...overrides,
  };
}

/** A handler context over a hand-set state, with every action recorded. */
export function stubContext(
  state: StubState = {},
  sig: Partial<Signal> = {},
  cfg: Record<string, unknown> = {},
) {
  const s = signal(sig);
  const calls: string[] = [];
  const view: ExecutionView = {
    position: (id) => state.positions?.find((p) => p.instrumentId === id),
    isExiting: (id) => state.exiting?.includes(id) ?? false,
    workingEntry: (id) => state.workingEntries?.[id],
    committedSlots: () => state.slots ?? 0,
    committedExposure: () => state.exposure ?? 0,
    committedMargin: () => state.margin ?? 0,
    equity: () => state.equity ?? 10_000,
    lastEntry: (id, direction) => state.lastEntries?.[`${id}|${direction}`],
  };
  let reversal: HandlerResult = { ok: true };
  const ctx: ExecutionContext = {
    signal: s,
    lastPrice: s.entryPrice,
    config: config(cfg),
    view,
    actions: {
      closeForReversal: (id, ts) => {
        calls.push(`close ${id} @${ts}`);
        return reversal;
      },
      recordEntry: (order: Order) => calls.push(`record ${order.orderId}`),
      monitorOnFill: (orderId) => calls.push(`monitor ${orderId}`),
    },
    sizing: positionSize({
      equity: state.equity ?? 10_000,
      riskFraction: 0.02,
      riskMultiplier: s.riskMultiplier,
      entryPrice: s.entryPrice,
      stopPrice: s.stopPrice,
      leverage: 5,
    }),
    clientOrderId: undefined,
    order: undefined,
  };
  return {
    ctx,
    calls,
    failReversalWith: (result: HandlerResult) => {
      reversal = result;
    },
  };
}
