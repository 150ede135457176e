import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/**
 * Design 2.2.4 handler 1. The design's literal rule ("reject if a position exists") would stop every
 * signal against an open position here, so the reversal handler right after it could never fire. Read
 * together, the two mean: a signal in the SAME direction as the open position (or as an entry still
 * working) is rejected; an opposite one passes on to reversal detection.
 */
export const existingPositionHandler: ExecutionHandler = {
  name: 'existing_position',
  handle(ctx) {
    const { instrumentId, direction } = ctx.signal;
    const position = ctx.view.position(instrumentId);
    if (position && position.direction === direction) {
      return reject(
        this.name,
        REJECT.positionExists,
        `${direction} position already open on ${instrumentId}`,
      );
    }
    const working = ctx.view.workingEntry(instrumentId);
    if (working && working.direction === direction) {
      return reject(
        this.name,
        REJECT.positionExists,
        `${direction} entry already working on ${instrumentId}`,
      );
    }
    return PASS;
  },
};
