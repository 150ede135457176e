import { PASS, type ExecutionHandler } from '../execution-types.ts';

/**
 * Design 2.2.4 handler 6. Fills arrive later (latency, partial fills), so activation is armed here and
 * fires when the entry's first fill opens the position: the monitor then starts from the real fill price.
 */
export const activateMonitoringHandler: ExecutionHandler = {
  name: 'activate_monitoring',
  handle(ctx) {
    if (!ctx.order) throw new Error('activate_monitoring runs after order_placement');
    ctx.actions.monitorOnFill(ctx.order.orderId);
    return PASS;
  },
};
