import { afterEach, describe, expect, it } from 'vitest';
import { ends, fills, request, startHarness, waitFor, type Harness } from './harness.ts';

const ORDER = '/api/v3/order';

/** Exactly one fill for the one venue trade, the order filled on the venue, no second order placed. */
async function expectSingleExecution(h: Harness, clientOrderId: string): Promise<void> {
  await waitFor(() => fills(h.reports, clientOrderId).length > 0, 10_000, 'a fill');
  await h.venue.live.settled();
  await h.venue.live.pollUncertain(true);
  await new Promise((r) => setTimeout(r, 50));
  const got = fills(h.reports, clientOrderId);
  expect(got).toHaveLength(1);
  expect(got[0]).toMatchObject({ quantity: 0.01, orderComplete: true });
  expect(ends(h.reports, clientOrderId)).toHaveLength(0);
  const onVenue = [...h.server.book.orders.values()].filter((o) => o.clientOrderId === clientOrderId);
  expect(onVenue).toHaveLength(1);
  expect(onVenue[0]?.status).toBe('FILLED');
  expect(h.server.book.trades).toHaveLength(1);
}

describe('Binance execution faults: no lost and no doubled execution records', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('waits out 429 Retry-After, then re-sends the rate-limited order once', async () => {
    h = await startHarness('spot');
    h.server.arm({ kind: 'rate_limit', retryAfterSec: 0.3 });
    const req = request('binance-spot:BTCUSDT');
    const started = Date.now();
    h.venue.submit(req);
    await expectSingleExecution(h, req.clientOrderId);
    const posts = h.server.requests.filter((r) => r.method === 'POST' && r.path === ORDER);
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p.params.get('newClientOrderId'))).toEqual([
      req.clientOrderId,
      req.clientOrderId,
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // A rate limit is not an ambiguity: no status query was needed.
    expect(h.server.countRequests('GET', ORDER)).toBe(0);
  });

  it('after a 5xx whose order was not created, queries by clientOrderId and re-sends with the same id', async () => {
    h = await startHarness('spot');
    h.server.arm({ kind: 'server_error', status: 503, created: false });
    const req = request('binance-spot:BTCUSDT');
    h.venue.submit(req);
    await expectSingleExecution(h, req.clientOrderId);
    const lookups = h.server.requests.filter((r) => r.method === 'GET' && r.path === ORDER);
    expect(lookups[0]?.params.get('origClientOrderId')).toBe(req.clientOrderId);
    expect(h.server.countRequests('POST', ORDER)).toBe(2);
  });

  it('after a 5xx whose order was created, adopts the existing order and never re-sends it', async () => {
    h = await startHarness('spot');
    h.server.arm({ kind: 'server_error', status: 500, created: true });
    const req = request('binance-spot:BTCUSDT');
    h.venue.submit(req);
    await expectSingleExecution(h, req.clientOrderId);
    expect(h.server.countRequests('POST', ORDER)).toBe(1);
    expect(h.server.countRequests('GET', ORDER)).toBeGreaterThanOrEqual(1);
  });

  it('after a timeout whose order turned out filled, records its one fill once from stream and query', async () => {
    h = await startHarness('spot');
    h.server.arm({ kind: 'hang', created: true });
    const req = request('binance-spot:BTCUSDT');
    h.venue.submit(req);
    await expectSingleExecution(h, req.clientOrderId);
    expect(h.server.countRequests('POST', ORDER)).toBe(1);
    expect(h.server.countRequests('GET', ORDER)).toBeGreaterThanOrEqual(1);
  });

  it('after a timeout with the stream silent, takes the fill from the status query alone', async () => {
    h = await startHarness('spot');
    h.server.streamEnabled = false;
    h.server.arm({ kind: 'hang', created: true });
    const req = request('binance-spot:BTCUSDT');
    h.venue.submit(req);
    await expectSingleExecution(h, req.clientOrderId);
    expect(fills(h.reports, req.clientOrderId)[0]).toMatchObject({ price: 60_000, quantity: 0.01 });
  });

  it('polls an order whose status stayed unknown and adopts what the venue says', async () => {
    h = await startHarness('spot', { maxPlacementAttempts: 1 });
    h.server.streamEnabled = false;
    h.server.arm({ kind: 'hang', created: true });
    // The status query after the timeout fails too: the order is left uncertain for the poller.
    h.server.arm({ kind: 'server_error', status: 502, created: false }, { target: 'any_signed' });
    const req = request('binance-spot:BTCUSDT');
    h.venue.submit(req);
    await h.venue.live.settled();
    expect(fills(h.reports, req.clientOrderId)).toHaveLength(0);
    expect(ends(h.reports, req.clientOrderId)).toHaveLength(0);
    await h.venue.live.pollUncertain();
    await expectSingleExecution(h, req.clientOrderId);
  });

  it('reports insufficient balance (-2010) as a rejected order with that reason and no retry', async () => {
    h = await startHarness('spot');
    const req = request('binance-spot:BTCUSDT', { quantity: 5 });
    h.venue.submit(req);
    await waitFor(() => ends(h!.reports, req.clientOrderId).length > 0);
    expect(ends(h.reports, req.clientOrderId)[0]).toMatchObject({
      reasonCode: 'insufficient_balance',
      order: { status: 'rejected', filledQuantity: 0 },
    });
    expect(h.server.countRequests('POST', ORDER)).toBe(1);
    expect(fills(h.reports, req.clientOrderId)).toHaveLength(0);
  });

  it('reports a venue filter failure (-1013) as rejected with reason filter_failure', async () => {
    h = await startHarness('spot');
    h.server.arm({ kind: 'reject', code: -1013, msg: 'Filter failure: NOTIONAL' });
    const req = request('binance-spot:BTCUSDT');
    h.venue.submit(req);
    await waitFor(() => ends(h!.reports, req.clientOrderId).length > 0);
    expect(ends(h.reports, req.clientOrderId)[0]?.reasonCode).toBe('filter_failure');
    expect(h.server.countRequests('POST', ORDER)).toBe(1);
    expect(h.events.filter((e) => e.type === 'VenueCircuitChanged')).toHaveLength(0);
  });

  it('opens the circuit after consecutive failures, alerts, refuses orders, then probes and closes', async () => {
    h = await startHarness('spot', {
      circuitThreshold: 3,
      circuitHalfOpenAfterMs: 300,
      maxPlacementAttempts: 1,
    });
    h.server.arm({ kind: 'server_error', status: 503, created: false }, { target: 'any_signed', times: 3 });
    for (let i = 0; i < 2; i += 1) h.venue.submit(request('binance-spot:BTCUSDT'));
    await h.venue.live.settled();
    const circuit = h.events.filter((e) => e.type === 'VenueCircuitChanged');
    expect(circuit.map((e) => e.payload)).toEqual([
      expect.objectContaining({ venue: 'binance-spot', state: 'open', consecutiveFailures: 3 }),
    ]);
    const alert = h.events.find((e) => e.type === 'RiskAlertRaised');
    expect(alert?.payload).toMatchObject({ severity: 'critical', code: 'venue_circuit_open' });
    const refused = h.venue.submit(request('binance-spot:BTCUSDT'));
    expect(refused).toMatchObject({ accepted: false, reasonCode: 'venue_circuit_open' });
    await expect(h.venue.balances()).rejects.toMatchObject({ name: 'VenueQueryFailed' });

    await new Promise((r) => setTimeout(r, 350));
    const probe = request('binance-spot:BTCUSDT');
    expect(h.venue.submit(probe).accepted).toBe(true);
    await waitFor(() => fills(h!.reports, probe.clientOrderId).length === 1);
    const states = h.events.filter((e) => e.type === 'VenueCircuitChanged').map((e) => e.payload.state);
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('rejects a failed query with VenueQueryFailed instead of answering an empty list', async () => {
    h = await startHarness('spot');
    h.server.arm({ kind: 'server_error', status: 503, created: false }, { target: 'any_signed', times: 3 });
    await expect(h.venue.openOrders()).rejects.toMatchObject({
      name: 'VenueQueryFailed',
      query: 'openOrders',
    });
    await expect(h.venue.balances()).rejects.toMatchObject({ failure: { reasonCode: 'venue_unavailable' } });
    await expect(h.venue.positions()).rejects.toMatchObject({ name: 'VenueQueryFailed' });
    expect(await h.venue.balances()).not.toHaveLength(0);
  });

  it('refuses requests signed with the wrong secret as auth_failed', async () => {
    h = await startHarness('spot');
    h.venue.exchange.secret = 'not-the-secret';
    const req = request('binance-spot:BTCUSDT');
    h.venue.submit(req);
    await waitFor(() => ends(h!.reports, req.clientOrderId).length > 0);
    expect(ends(h.reports, req.clientOrderId)[0]?.reasonCode).toBe('auth_failed');
    expect(h.server.book.orders.size).toBe(0);
  });
});
