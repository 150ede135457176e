import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/** Float noise allowed on the distance, so a stop placed exactly at the limit passes. */
const TOLERANCE = 1e-9;

/**
 * Sanity check (design 2.2.3, decisions.md #12): the stop sits on the losing side of the entry and never
 * further than maxStopDistance from it.
 */
export const stopDistanceHandler: ExecutionHandler = {
  name: 'stop_distance',
  handle(ctx) {
    const { entryPrice, stopPrice, direction } = ctx.signal;
    const below = stopPrice < entryPrice;
    if (direction === 'long' ? !below : !(stopPrice > entryPrice)) {
      return reject(this.name, REJECT.invalidStop, `${direction} stop ${stopPrice} vs entry ${entryPrice}`);
    }
    const distance = Math.abs(entryPrice - stopPrice) / entryPrice;
    if (distance > ctx.config.maxStopDistance + TOLERANCE) {
      const message = `stop ${(distance * 100).toFixed(3)}% from entry > ${ctx.config.maxStopDistance * 100}%`;
      return reject(this.name, REJECT.stopTooWide, message);
    }
    return PASS;
  },
};
