import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/** Design 2.2.4 handler 3: open positions plus working entries stay under maxOpenPositions. */
export const positionLimitHandler: ExecutionHandler = {
  name: 'position_limit',
  handle(ctx) {
    const used = ctx.view.committedSlots();
    const max = ctx.config.maxOpenPositions;
    if (used >= max) return reject(this.name, REJECT.maxPositions, `max positions reached: ${used}/${max}`);
    return PASS;
  },
};
