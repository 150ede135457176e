import { marketTypeOf } from '../../config/execution-config.ts';
import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/**
 * Market rule: a short entry needs a market that can be sold short (not plain spot). It runs after
 * reversal detection, so a short signal on spot still closes an open long, it just opens nothing.
 */
export const shortPermissionHandler: ExecutionHandler = {
  name: 'short_permission',
  handle(ctx) {
    if (ctx.signal.direction !== 'short') return PASS;
    const market = marketTypeOf(ctx.signal.instrumentId);
    if (market && !ctx.config.markets[market].allowShort) {
      return reject(this.name, REJECT.shortNotAllowed, `${market} markets cannot be sold short`);
    }
    return PASS;
  },
};
