import { afterEach, describe, expect, it } from 'vitest';
import { ends, fills, request, startHarness, waitFor, type Harness } from './harness.ts';

const ORDER = '/fapi/v1/order';

describe('Binance USD-M live venue against the fake trading server', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('applies leverage and margin mode at start, idempotently', async () => {
    h = await startHarness('usdm', {
      futuresSettings: { BTCUSDT: { leverage: 5, marginMode: 'isolated' }, ETHUSDT: { marginMode: 'cross' } },
    });
    expect(h.server.book.leverage.get('BTCUSDT')).toBe(5);
    expect(h.server.book.marginType.get('BTCUSDT')).toBe('ISOLATED');
    // ETHUSDT was already cross: Binance answers -4046, which is success here.
    expect(h.server.book.marginType.get('ETHUSDT')).toBeUndefined();
    expect(h.server.countRequests('POST', '/fapi/v1/marginType')).toBe(2);
  });

  it('opens with a market order, reads the signed position, and closes it reduce-only', async () => {
    h = await startHarness('usdm');
    const entry = request('binance-usdm:BTCUSDT', { side: 'sell', quantity: 0.0157 });
    const accepted = h.venue.submit(entry);
    expect(accepted).toMatchObject({ accepted: true, order: { status: 'pending', quantity: 0.015 } });
    await waitFor(() => fills(h!.reports, entry.clientOrderId).length === 1);
    expect(fills(h.reports, entry.clientOrderId)[0]).toMatchObject({
      quantity: 0.015,
      price: 60_000,
      orderComplete: true,
    });
    expect(fills(h.reports, entry.clientOrderId)[0]?.fee).toBeCloseTo(0.015 * 60_000 * 0.0004, 8);
    expect(await h.venue.positions()).toEqual([
      { instrumentId: 'binance-usdm:BTCUSDT', quantity: -0.015, entryPrice: 60_000 },
    ]);

    h.server.setPrice('BTCUSDT', 59_000);
    const exit = request('binance-usdm:BTCUSDT', { side: 'buy', quantity: 0.015, reduceOnly: true });
    h.venue.submit(exit);
    await waitFor(() => fills(h!.reports, exit.clientOrderId).length === 1);
    const sent = h.server.requests.filter((r) => r.method === 'POST' && r.path === ORDER).at(-1);
    expect(sent?.params.get('reduceOnly')).toBe('true');
    expect(await h.venue.positions()).toEqual([]);
    await h.venue.live.settled();
    await new Promise((r) => setTimeout(r, 50));
    expect(fills(h.reports, entry.clientOrderId)).toHaveLength(1);
    expect(fills(h.reports, exit.clientOrderId)).toHaveLength(1);
  });

  it('rejects a reduce-only order with nothing to reduce as reduce_only_rejected', async () => {
    h = await startHarness('usdm');
    const exit = request('binance-usdm:BTCUSDT', { side: 'sell', quantity: 0.01, reduceOnly: true });
    h.venue.submit(exit);
    await waitFor(() => ends(h!.reports, exit.clientOrderId).length > 0);
    expect(ends(h.reports, exit.clientOrderId)[0]).toMatchObject({
      reasonCode: 'reduce_only_rejected',
      order: { status: 'rejected' },
    });
  });

  it('sends post-only as GTX; a crossing one expires with post_only_would_take', async () => {
    h = await startHarness('usdm');
    const crossing = request('binance-usdm:ETHUSDT', {
      type: 'limit',
      limitPrice: 3_100,
      quantity: 0.5,
      timeInForce: 'post_only',
    });
    h.venue.submit(crossing);
    await waitFor(() => ends(h!.reports, crossing.clientOrderId).length > 0);
    const sent = h.server.requests.find((r) => r.method === 'POST' && r.path === ORDER);
    expect(sent?.params.get('timeInForce')).toBe('GTX');
    expect(sent?.params.get('newClientOrderId')).toBe(crossing.clientOrderId);
    expect(ends(h.reports, crossing.clientOrderId)).toEqual([
      expect.objectContaining({
        reasonCode: 'post_only_would_take',
        order: expect.objectContaining({ status: 'cancelled' }),
      }),
    ]);
  });

  it('fills a resting futures limit through ORDER_TRADE_UPDATE with maker liquidity', async () => {
    h = await startHarness('usdm');
    const req = request('binance-usdm:ETHUSDT', { type: 'limit', limitPrice: 2_950.004, quantity: 0.5 });
    h.venue.submit(req);
    await h.venue.live.settled();
    expect(h.server.order(req.clientOrderId)?.price).toBe(2_950);
    const open = await h.venue.openOrders();
    expect(open.map((o) => o.clientOrderId)).toEqual([req.clientOrderId]);
    h.server.fillLimit(req.clientOrderId);
    await waitFor(() => fills(h!.reports, req.clientOrderId).length === 1);
    expect(fills(h.reports, req.clientOrderId)[0]).toMatchObject({
      liquidity: 'maker',
      price: 2_950,
      orderComplete: true,
    });
    expect(await h.venue.openOrders()).toEqual([]);
  });

  it('reports insufficient margin (-2019) and a knob-forced -2010 as rejected with stable codes', async () => {
    h = await startHarness('usdm');
    const big = request('binance-usdm:BTCUSDT', { quantity: 100 });
    h.venue.submit(big);
    h.server.arm(
      { kind: 'reject', code: -2010, msg: 'Account has insufficient balance for requested action.' },
      { nth: 2 },
    );
    const forced = request('binance-usdm:ETHUSDT', { quantity: 0.1 });
    h.venue.submit(forced);
    await waitFor(
      () =>
        ends(h!.reports, big.clientOrderId).length > 0 && ends(h!.reports, forced.clientOrderId).length > 0,
    );
    expect(ends(h.reports, big.clientOrderId)[0]?.reasonCode).toBe('insufficient_margin');
    expect(ends(h.reports, forced.clientOrderId)[0]?.reasonCode).toBe('insufficient_balance');
  });

  it('reads futures balances from the account endpoint', async () => {
    h = await startHarness('usdm');
    const balances = await h.venue.balances();
    expect(balances.find((b) => b.asset === 'USDT')).toMatchObject({ free: 50_000 });
  });
});
