import { entrySide } from '../../domain/trading.ts';
import type { IdGenerator } from '../../ports/ids.ts';
import type { VenuePort } from '../../ports/venue.ts';
import { PASS, reject, type ExecutionHandler } from '../execution-types.ts';

/** Design 2.2.4 handler 5: a market entry order at the venue; a refusal carries the venue's code. */
export function orderPlacementHandler(venue: VenuePort, ids: IdGenerator): ExecutionHandler {
  return {
    name: 'order_placement',
    handle(ctx) {
      const { signal } = ctx;
      ctx.clientOrderId = ids.next('cl');
      const result = venue.submit({
        clientOrderId: ctx.clientOrderId,
        instrumentId: signal.instrumentId,
        side: entrySide(signal.direction),
        type: 'market',
        quantity: ctx.sizing.quantity,
        limitPrice: undefined,
        timeInForce: 'gtc',
        reduceOnly: false,
        ts: signal.ts,
        purpose: signal.signalId,
      });
      if (!result.accepted) return reject(this.name, result.reasonCode, result.message);
      ctx.order = result.order;
      ctx.actions.recordEntry(result.order, ctx);
      return PASS;
    },
  };
}
