import { describe, expect, it } from 'vitest';
import { defaultHandlers } from '../../../core/src/execution/execution-chain.ts';
import { activateMonitoringHandler } from '../../../core/src/execution/handlers/activate-monitoring.ts';
import { balanceCheckHandler } from '../../../core/src/execution/handlers/balance-check.ts';
import { duplicateOrderHandler } from '../../../core/src/execution/handlers/duplicate-order.ts';
import { existingPositionHandler } from '../../../core/src/execution/handlers/existing-position.ts';
import { exposureLimitHandler } from '../../../core/src/execution/handlers/exposure-limit.ts';
import { positionLimitHandler } from '../../../core/src/execution/handlers/position-limit.ts';
import { priceBandHandler } from '../../../core/src/execution/handlers/price-band.ts';
import { reversalDetectionHandler } from '../../../core/src/execution/handlers/reversal-detection.ts';
import { riskGateHandler } from '../../../core/src/execution/handlers/risk-gate.ts';
import { shortPermissionHandler } from '../../../core/src/execution/handlers/short-permission.ts';
import { stopDistanceHandler } from '../../../core/src/execution/handlers/stop-distance.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { BTC, ETH, SPOT_BTC } from './fixtures.ts';
import { position, stubContext } from './handler-context.ts';
import { ScriptedVenue } from './scripted-venue.ts';

const working = (direction: 'long' | 'short') => ({
  [BTC]: { orderId: 'ord-1', direction, remainingQuantity: 0.8, price: 50_000 },
});

describe('execution chain order', () => {
  it('runs the design six handlers in order with the sanity checks before placement', () => {
    const names = defaultHandlers(new ScriptedVenue(), new SequentialIds()).map((h) => h.name);
    expect(names).toEqual([
      'existing_position',
      'reversal_detection',
      'short_permission',
      'position_limit',
      'exposure_limit',
      'price_band',
      'duplicate_order',
      'balance_check',
      'stop_distance',
      'order_placement',
      'activate_monitoring',
    ]);
  });
});

describe('existing position handler', () => {
  it('passes without a position and passes an opposite one on to reversal detection', () => {
    expect(existingPositionHandler.handle(stubContext().ctx)).toEqual({ ok: true });
    expect(existingPositionHandler.handle(stubContext({ positions: [position('short')] }).ctx).ok).toBe(true);
    expect(
      existingPositionHandler.handle(
        stubContext({ positions: [position('long', { instrumentId: ETH })] }).ctx,
      ).ok,
    ).toBe(true);
  });

  it('rejects a signal in the direction of the open position or of a working entry', () => {
    const open = existingPositionHandler.handle(stubContext({ positions: [position('long')] }).ctx);
    expect(open).toMatchObject({ ok: false, handler: 'existing_position', reasonCode: 'position_exists' });
    const pending = existingPositionHandler.handle(stubContext({ workingEntries: working('long') }).ctx);
    expect(pending).toMatchObject({ ok: false, reasonCode: 'position_exists' });
  });
});

describe('reversal detection handler', () => {
  it('does nothing without an opposite position', () => {
    const { ctx, calls } = stubContext({ positions: [position('long', { instrumentId: ETH })] });
    expect(reversalDetectionHandler.handle(ctx)).toEqual({ ok: true });
    expect(calls).toEqual([]);
  });

  it('closes an opposite position or working entry first, then passes', () => {
    const { ctx, calls } = stubContext({ positions: [position('short')] }, { ts: 7_000 });
    expect(reversalDetectionHandler.handle(ctx)).toEqual({ ok: true });
    expect(calls).toEqual([`close ${BTC} @7000`]);
    const pending = stubContext({ workingEntries: working('short') });
    expect(reversalDetectionHandler.handle(pending.ctx).ok).toBe(true);
    expect(pending.calls).toHaveLength(1);
  });

  it('stops the chain with the venue reason when the close cannot be placed', () => {
    const { ctx, failReversalWith } = stubContext({ positions: [position('short')] });
    failReversalWith({ ok: false, handler: 'x', reasonCode: 'venue_down', message: 'no' });
    expect(reversalDetectionHandler.handle(ctx)).toMatchObject({
      ok: false,
      handler: 'reversal_detection',
      reasonCode: 'venue_down',
    });
  });
});

describe('position limit handler', () => {
  it('passes below the limit and rejects at it', () => {
    expect(positionLimitHandler.handle(stubContext({ slots: 4 }).ctx).ok).toBe(true);
    expect(positionLimitHandler.handle(stubContext({ slots: 5 }).ctx)).toMatchObject({
      ok: false,
      handler: 'position_limit',
      reasonCode: 'max_positions',
      message: 'max positions reached: 5/5',
    });
  });
});

describe('exposure limit handler', () => {
  it('passes when committed plus new notional stays within maxExposure × equity', () => {
    // New notional 40,000; limit 5 × 10,000.
    expect(exposureLimitHandler.handle(stubContext({ exposure: 10_000 }).ctx).ok).toBe(true);
  });

  it('rejects when the entry would take exposure past the limit', () => {
    const result = exposureLimitHandler.handle(stubContext({ exposure: 10_001 }).ctx);
    expect(result).toMatchObject({ ok: false, handler: 'exposure_limit', reasonCode: 'exposure_limit' });
    expect(result.ok === false && result.message).toBe('exposure would be 50001 > 50000');
  });
});

describe('price band handler', () => {
  it('passes an entry within 1% of the last trade', () => {
    const { ctx } = stubContext({}, { entryPrice: 50_000 });
    expect(priceBandHandler.handle({ ...ctx, lastPrice: 50_499 }).ok).toBe(true);
  });

  it('rejects an entry further than the band from the last trade, or without a last trade', () => {
    const { ctx } = stubContext({}, { entryPrice: 50_000 });
    expect(priceBandHandler.handle({ ...ctx, lastPrice: 50_550 })).toMatchObject({
      ok: false,
      handler: 'price_band',
      reasonCode: 'price_band',
    });
    expect(priceBandHandler.handle({ ...ctx, lastPrice: 0 })).toMatchObject({ reasonCode: 'price_band' });
  });
});

describe('duplicate order handler', () => {
  const last = { [`${BTC}|long`]: { ts: 1_000, signalId: 'sig-0' } };

  it('passes a new signal after the window and in the other direction', () => {
    expect(duplicateOrderHandler.handle(stubContext({ lastEntries: last }, { ts: 6_000 }).ctx).ok).toBe(true);
    const other = stubContext({ lastEntries: last }, { ts: 2_000, direction: 'short', stopPrice: 50_250 });
    expect(duplicateOrderHandler.handle(other.ctx).ok).toBe(true);
  });

  it('rejects an entry on the same instrument and direction inside the window', () => {
    const result = duplicateOrderHandler.handle(stubContext({ lastEntries: last }, { ts: 5_999 }).ctx);
    expect(result).toMatchObject({ ok: false, handler: 'duplicate_order', reasonCode: 'duplicate_order' });
  });

  it('rejects the same signal delivered twice whatever the time', () => {
    const again = stubContext({ lastEntries: last }, { ts: 90_000, signalId: 'sig-0' });
    expect(duplicateOrderHandler.handle(again.ctx)).toMatchObject({ reasonCode: 'duplicate_order' });
  });
});

describe('balance check handler', () => {
  it('passes when the 8,000 margin fits the free equity', () => {
    expect(balanceCheckHandler.handle(stubContext({ margin: 2_000 }).ctx).ok).toBe(true);
  });

  it('rejects when the margin exceeds equity minus margin in use', () => {
    expect(balanceCheckHandler.handle(stubContext({ margin: 2_001 }).ctx)).toMatchObject({
      ok: false,
      handler: 'balance_check',
      reasonCode: 'insufficient_balance',
      message: 'margin 8000.00 > free 7999.00',
    });
  });

  it('rejects when there is no equity to size from', () => {
    expect(balanceCheckHandler.handle(stubContext({ equity: 0 }).ctx)).toMatchObject({
      reasonCode: 'insufficient_balance',
    });
  });
});

describe('stop distance handler', () => {
  it('passes a stop exactly 0.5% away for a long and a short', () => {
    expect(stopDistanceHandler.handle(stubContext({}, { stopPrice: 49_750 }).ctx).ok).toBe(true);
    const short = stubContext({}, { direction: 'short', stopPrice: 50_250 });
    expect(stopDistanceHandler.handle(short.ctx).ok).toBe(true);
  });

  it('rejects a stop further than 0.5% from entry', () => {
    expect(stopDistanceHandler.handle(stubContext({}, { stopPrice: 49_749 }).ctx)).toMatchObject({
      ok: false,
      handler: 'stop_distance',
      reasonCode: 'stop_too_wide',
    });
  });

  it('rejects a stop on the winning side of the entry', () => {
    expect(stopDistanceHandler.handle(stubContext({}, { stopPrice: 50_100 }).ctx)).toMatchObject({
      reasonCode: 'invalid_stop',
    });
    const short = stubContext({}, { direction: 'short', stopPrice: 50_000 });
    expect(stopDistanceHandler.handle(short.ctx)).toMatchObject({ reasonCode: 'invalid_stop' });
  });
});

describe('risk gate handler', () => {
  it('passes the portfolio veto through as a rejection with its reason code', () => {
    const gate = riskGateHandler(() => ({
      allowed: false,
      reasonCode: 'circuit_breaker',
      message: 'day blocked',
    }));
    expect(gate.handle(stubContext().ctx)).toMatchObject({
      ok: false,
      handler: 'risk_gate',
      reasonCode: 'circuit_breaker',
    });
    expect(riskGateHandler(() => ({ allowed: true })).handle(stubContext().ctx)).toEqual({ ok: true });
  });

  it('sits right after reversal detection when a gate is given', () => {
    const names = defaultHandlers(new ScriptedVenue(), new SequentialIds(), () => ({ allowed: true })).map(
      (h) => h.name,
    );
    expect(names.slice(0, 4)).toEqual([
      'existing_position',
      'reversal_detection',
      'risk_gate',
      'short_permission',
    ]);
  });
});

describe('short permission handler', () => {
  it('refuses a short on spot, where nothing can be sold short without margin', () => {
    const { ctx } = stubContext({}, { instrumentId: SPOT_BTC, direction: 'short' });
    expect(shortPermissionHandler.handle(ctx)).toMatchObject({
      ok: false,
      handler: 'short_permission',
      reasonCode: 'short_not_allowed',
    });
  });

  it('lets longs on spot and shorts on futures through', () => {
    expect(shortPermissionHandler.handle(stubContext({}, { instrumentId: SPOT_BTC }).ctx)).toEqual({
      ok: true,
    });
    expect(shortPermissionHandler.handle(stubContext({}, { direction: 'short' }).ctx)).toEqual({ ok: true });
  });
});

describe('order placement handler', () => {
  it('submits a market entry sized by the risk rule with a client id from the generator', () => {
    const venue = new ScriptedVenue();
    const [placement] = defaultHandlers(venue, new SequentialIds('t')).slice(9);
    const { ctx, calls } = stubContext();
    expect(placement?.handle(ctx)).toEqual({ ok: true });
    expect(venue.submitted).toHaveLength(1);
    expect(venue.submitted[0]).toMatchObject({
      clientOrderId: 't-cl-1',
      instrumentId: BTC,
      side: 'buy',
      type: 'market',
      reduceOnly: false,
      ts: 1_000,
      purpose: 'sig-1',
    });
    expect(venue.submitted[0]?.quantity).toBeCloseTo(0.8, 12);
    expect(ctx.order?.orderId).toBe('v-1');
    expect(calls).toEqual(['record v-1']);
  });

  it('stops with the venue reason code when the venue refuses', () => {
    const venue = new ScriptedVenue({ refuseWith: 'margin_insufficient' });
    const [placement] = defaultHandlers(venue, new SequentialIds()).slice(9);
    const { ctx, calls } = stubContext();
    expect(placement?.handle(ctx)).toMatchObject({
      ok: false,
      handler: 'order_placement',
      reasonCode: 'margin_insufficient',
    });
    expect(ctx.order).toBeUndefined();
    expect(ctx.clientOrderId).toBe('cl-1');
    expect(calls).toEqual([]);
  });
});

describe('activate monitoring handler', () => {
  it('arms monitoring for the placed order', () => {
    const venue = new ScriptedVenue();
    const [placement] = defaultHandlers(venue, new SequentialIds()).slice(9);
    const { ctx, calls } = stubContext();
    placement?.handle(ctx);
    expect(activateMonitoringHandler.handle(ctx)).toEqual({ ok: true });
    expect(calls).toEqual(['record v-1', 'monitor v-1']);
  });

  it('treats running before placement as a bug', () => {
    expect(() => activateMonitoringHandler.handle(stubContext().ctx)).toThrow(/after order_placement/);
  });
});
