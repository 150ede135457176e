import { afterEach, describe, expect, it } from 'vitest';
import { ends, fills, request, startHarness, waitFor, type Harness } from './harness.ts';

describe('Binance spot live venue against the fake trading server', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('answers a market order as pending and reports exactly one fill per venue trade', async () => {
    h = await startHarness('spot');
    const req = request('binance-spot:BTCUSDT', { quantity: 0.0123456 });
    const result = h.venue.submit(req);
    expect(result.accepted).toBe(true);
    if (!result.accepted) return;
    expect(result.order.status).toBe('pending');
    expect(result.order.quantity).toBe(0.01234);
    await waitFor(() => fills(h!.reports, req.clientOrderId).length > 0);
    await h.venue.live.settled();
    await new Promise((r) => setTimeout(r, 50));
    const got = fills(h.reports, req.clientOrderId);
    expect(got).toHaveLength(1);
    const venueOrder = h.server.order(req.clientOrderId);
    expect(venueOrder?.status).toBe('FILLED');
    expect(got[0]).toMatchObject({
      quantity: 0.01234,
      price: 60_000,
      orderComplete: true,
      liquidity: 'taker',
    });
    expect(got[0]?.fillId).toBe(`binance-spot:BTCUSDT:${h.server.book.trades[0]?.tradeId}`);
    // The buy paid 0.1% in BTC; the fill reports it in USDT.
    expect(got[0]?.fee).toBeCloseTo(0.01234 * 0.001 * 60_000, 6);
    expect(h.server.countRequests('POST', '/api/v3/order')).toBe(1);
  });

  it('reports a resting limit order filled in two parts, the last one completing it', async () => {
    h = await startHarness('spot');
    const req = request('binance-spot:BTCUSDT', { type: 'limit', limitPrice: 59_000.005, quantity: 0.02 });
    const result = h.venue.submit(req);
    expect(result.accepted).toBe(true);
    await h.venue.live.settled();
    expect(h.server.order(req.clientOrderId)).toMatchObject({ status: 'NEW', price: 59_000 });
    h.server.fillLimit(req.clientOrderId, 0.005);
    await waitFor(() => fills(h!.reports, req.clientOrderId).length === 1);
    h.server.fillLimit(req.clientOrderId);
    await waitFor(() => fills(h!.reports, req.clientOrderId).length === 2);
    const [first, second] = fills(h.reports, req.clientOrderId);
    expect(first).toMatchObject({ quantity: 0.005, price: 59_000, liquidity: 'maker', orderComplete: false });
    expect(second).toMatchObject({ quantity: 0.015, orderComplete: true });
    expect(ends(h.reports, req.clientOrderId)).toHaveLength(0);
  });

  it('cancels a working limit order once and keeps the part already filled', async () => {
    h = await startHarness('spot');
    const req = request('binance-spot:BTCUSDT', { type: 'limit', limitPrice: 58_000, quantity: 0.01 });
    const result = h.venue.submit(req);
    if (!result.accepted) throw new Error('refused');
    await h.venue.live.settled();
    h.server.fillLimit(req.clientOrderId, 0.004);
    await waitFor(() => fills(h!.reports, req.clientOrderId).length === 1);
    expect(h.venue.cancel(result.order.orderId, Date.now())).toBe(true);
    await waitFor(() => ends(h!.reports, req.clientOrderId).length > 0);
    await h.venue.live.settled();
    await new Promise((r) => setTimeout(r, 50));
    const end = ends(h.reports, req.clientOrderId);
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({
      reasonCode: 'cancelled_by_request',
      order: { status: 'cancelled', filledQuantity: 0.004 },
    });
    expect(h.server.order(req.clientOrderId)?.status).toBe('CANCELED');
    expect(h.venue.cancel(result.order.orderId, Date.now())).toBe(false);
  });

  it('cancels a working order whose cancel was asked before the venue acknowledged it', async () => {
    h = await startHarness('spot');
    const req = request('binance-spot:BTCUSDT', { type: 'limit', limitPrice: 58_000, quantity: 0.01 });
    const result = h.venue.submit(req);
    if (!result.accepted) throw new Error('refused');
    expect(h.venue.cancel(result.order.orderId, Date.now())).toBe(true);
    await waitFor(() => ends(h!.reports, req.clientOrderId).length > 0);
    expect(ends(h.reports, req.clientOrderId)[0]?.reasonCode).toBe('cancelled_by_request');
    expect(h.server.order(req.clientOrderId)?.status).toBe('CANCELED');
  });

  it('expires an IOC limit that does not cross with reason ioc_expired', async () => {
    h = await startHarness('spot');
    const req = request('binance-spot:BTCUSDT', { type: 'limit', limitPrice: 50_000, timeInForce: 'ioc' });
    h.venue.submit(req);
    await waitFor(() => ends(h!.reports, req.clientOrderId).length > 0);
    expect(ends(h.reports, req.clientOrderId)[0]).toMatchObject({
      reasonCode: 'ioc_expired',
      order: { status: 'cancelled' },
    });
    expect(
      h.server.requests
        .find((r) => r.method === 'POST' && r.path === '/api/v3/order')
        ?.params.get('timeInForce'),
    ).toBe('IOC');
  });

  it('sends post-only as LIMIT_MAKER and reports the venue refusal of a crossing one', async () => {
    h = await startHarness('spot');
    const resting = request('binance-spot:BTCUSDT', {
      type: 'limit',
      limitPrice: 59_000,
      timeInForce: 'post_only',
    });
    const crossing = request('binance-spot:BTCUSDT', {
      type: 'limit',
      limitPrice: 61_000,
      timeInForce: 'post_only',
    });
    h.venue.submit(resting);
    h.venue.submit(crossing);
    await waitFor(() => ends(h!.reports, crossing.clientOrderId).length > 0);
    await h.venue.live.settled();
    expect(h.server.order(resting.clientOrderId)).toMatchObject({ type: 'LIMIT_MAKER', status: 'NEW' });
    expect(ends(h.reports, crossing.clientOrderId)[0]).toMatchObject({
      reasonCode: 'post_only_would_take',
      order: { status: 'rejected' },
    });
  });

  it('lists open orders with our ids, balances, and held base assets as spot positions', async () => {
    h = await startHarness('spot');
    const buy = request('binance-spot:BTCUSDT', { quantity: 0.01 });
    const rest = request('binance-spot:ETHUSDT', { type: 'limit', limitPrice: 2_500, quantity: 0.1 });
    h.venue.submit(buy);
    const resting = h.venue.submit(rest);
    await waitFor(() => fills(h!.reports, buy.clientOrderId).length === 1);
    await h.venue.live.settled();
    const open = await h.venue.openOrders();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      clientOrderId: rest.clientOrderId,
      orderId: resting.accepted ? resting.order.orderId : '',
    });
    const balances = await h.venue.balances();
    expect(balances.find((b) => b.asset === 'BTC')?.free).toBeCloseTo(0.01 * 0.999, 10);
    expect(balances.find((b) => b.asset === 'USDT')?.locked).toBeCloseTo(250, 6);
    const positions = await h.venue.positions();
    expect(positions).toEqual([{ instrumentId: 'binance-spot:BTCUSDT', quantity: 0.00999, entryPrice: 0 }]);
  });

  it('refuses a spot positions query for a symbol without exchangeInfo instead of reading it as flat', async () => {
    h = await startHarness('spot', { symbols: ['BTCUSDT', 'NOPEUSDT'] });
    await expect(h.venue.positions()).rejects.toMatchObject({
      name: 'VenueQueryFailed',
      failure: { reasonCode: 'venue_not_ready' },
    });
  });
});
