import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/**
 * Sanity check (design 2.2.3): the same signal twice, or a second entry on the same instrument and
 * direction within duplicateWindowMs of event time, is a duplicate.
 */
export const duplicateOrderHandler: ExecutionHandler = {
  name: 'duplicate_order',
  handle(ctx) {
    const { instrumentId, direction, signalId, ts } = ctx.signal;
    const last = ctx.view.lastEntry(instrumentId, direction);
    if (!last) return PASS;
    if (last.signalId === signalId) {
      return reject(this.name, REJECT.duplicateOrder, `signal ${signalId} already placed an order`);
    }
    if (ts - last.ts < ctx.config.duplicateWindowMs) {
      return reject(
        this.name,
        REJECT.duplicateOrder,
        `${direction} entry on ${instrumentId} ${ts - last.ts} ms ago`,
      );
    }
    return PASS;
  },
};
