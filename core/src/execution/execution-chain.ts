import type { IdGenerator } from '../ports/ids.ts';
import type { VenuePort } from '../ports/venue.ts';
import type { ExecutionContext, ExecutionHandler, HandlerResult } from './execution-types.ts';
import { activateMonitoringHandler } from './handlers/activate-monitoring.ts';
import { balanceCheckHandler } from './handlers/balance-check.ts';
import { duplicateOrderHandler } from './handlers/duplicate-order.ts';
import { existingPositionHandler } from './handlers/existing-position.ts';
import { exposureLimitHandler } from './handlers/exposure-limit.ts';
import { orderPlacementHandler } from './handlers/order-placement.ts';
import { positionLimitHandler } from './handlers/position-limit.ts';
import { priceBandHandler } from './handlers/price-band.ts';
import { reversalDetectionHandler } from './handlers/reversal-detection.ts';
import { riskGateHandler, type EntryGate } from './handlers/risk-gate.ts';
import { shortPermissionHandler } from './handlers/short-permission.ts';
import { stopDistanceHandler } from './handlers/stop-distance.ts';

/**
 * The design's six handlers in its order (2.2.4), with the sanity checks of 2.2.3 between the exposure
 * check and placement: nothing reaches the venue that a check would refuse.
 */
export function defaultHandlers(
  venue: VenuePort,
  ids: IdGenerator,
  gate?: EntryGate,
): readonly ExecutionHandler[] {
  return [
    existingPositionHandler,
    reversalDetectionHandler,
    ...(gate ? [riskGateHandler(gate)] : []),
    shortPermissionHandler,
    positionLimitHandler,
    exposureLimitHandler,
    priceBandHandler,
    duplicateOrderHandler,
    balanceCheckHandler,
    stopDistanceHandler,
    orderPlacementHandler(venue, ids),
    activateMonitoringHandler,
  ];
}

/** Runs handlers in order and stops at the first rejection (fail fast). */
export function runChain(handlers: readonly ExecutionHandler[], ctx: ExecutionContext): HandlerResult {
  for (const handler of handlers) {
    const result = handler.handle(ctx);
    if (!result.ok) return result;
  }
  return { ok: true };
}
