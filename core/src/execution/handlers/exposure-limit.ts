import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/** Design 2.2.4 handler 4: total notional after this entry stays within maxExposure × equity. */
export const exposureLimitHandler: ExecutionHandler = {
  name: 'exposure_limit',
  handle(ctx) {
    const after = ctx.view.committedExposure() + ctx.sizing.notional;
    const limit = ctx.view.equity() * ctx.config.maxExposure;
    if (after > limit) {
      return reject(this.name, REJECT.exposureLimit, `exposure would be ${round(after)} > ${round(limit)}`);
    }
    return PASS;
  },
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
