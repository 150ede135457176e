import { PASS, type ExecutionHandler } from '../execution-types.ts';

/**
 * Design 2.2.4 handler 2: a signal against the open position (or a working opposite entry) closes it
 * first, with exit reason `reversal_signal`, then the chain goes on. The close stands even if a later
 * check refuses the new entry: the signal is evidence against the open position either way.
 */
export const reversalDetectionHandler: ExecutionHandler = {
  name: 'reversal_detection',
  handle(ctx) {
    const { instrumentId, direction, ts } = ctx.signal;
    const position = ctx.view.position(instrumentId);
    const working = ctx.view.workingEntry(instrumentId);
    const opposed =
      (position && position.direction !== direction) || (working && working.direction !== direction);
    if (!opposed) return PASS;
    const closed = ctx.actions.closeForReversal(instrumentId, ts);
    return closed.ok ? PASS : { ...closed, handler: this.name };
  },
};
