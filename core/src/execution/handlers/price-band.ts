import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/** Sanity check (design 2.2.3): the signal's entry price must be near the last trade (fat finger). */
export const priceBandHandler: ExecutionHandler = {
  name: 'price_band',
  handle(ctx) {
    const { entryPrice } = ctx.signal;
    const last = ctx.lastPrice;
    const distance = last > 0 ? Math.abs(entryPrice - last) / last : Number.POSITIVE_INFINITY;
    if (!(distance <= ctx.config.fatFingerBand)) {
      return reject(
        this.name,
        REJECT.priceBand,
        `entry ${entryPrice} is ${pct(distance)} from last trade ${last}`,
      );
    }
    return PASS;
  },
};

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(3)}%`;
}
