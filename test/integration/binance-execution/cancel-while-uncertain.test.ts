import { afterEach, describe, expect, it } from 'vitest';
import { ends, fills, request, startHarness, waitFor, type Harness } from './harness.ts';

const ORDER = '/api/v3/order';

describe('an order cancelled while it is not (yet) on the venue', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('is not re-sent after a rate limit once the engine has cancelled it', async () => {
    h = await startHarness('spot');
    h.server.arm({ kind: 'rate_limit', retryAfterSec: 0.3 });
    const req = request('binance-spot:BTCUSDT');
    const submitted = h.venue.submit(req);
    if (!submitted.accepted) throw new Error('submit refused');
    expect(h.venue.cancel(submitted.order.orderId, Date.now())).toBe(true);
    await waitFor(() => ends(h!.reports, req.clientOrderId).length > 0, 10_000, 'the end report');
    await h.venue.live.settled();
    expect(h.server.countRequests('POST', ORDER)).toBe(1);
    expect(h.server.book.trades).toHaveLength(0);
    expect(fills(h.reports, req.clientOrderId)).toHaveLength(0);
    expect(ends(h.reports, req.clientOrderId)).toEqual([
      expect.objectContaining({
        reasonCode: 'cancelled_by_request',
        order: expect.objectContaining({ status: 'cancelled' }),
      }),
    ]);
  });

  it('is ended, not placed late, when the status poller proves it absent', async () => {
    h = await startHarness('spot', { maxPlacementAttempts: 1 });
    h.server.arm({ kind: 'hang', created: false });
    const req = request('binance-spot:BTCUSDT');
    const submitted = h.venue.submit(req);
    if (!submitted.accepted) throw new Error('submit refused');
    await h.venue.live.settled();
    expect(ends(h.reports, req.clientOrderId)).toHaveLength(0);
    expect(h.venue.cancel(submitted.order.orderId, Date.now())).toBe(true);
    await h.venue.live.pollUncertain();
    await h.venue.live.settled();
    expect(h.server.countRequests('POST', ORDER)).toBe(1);
    expect(h.server.book.trades).toHaveLength(0);
    expect(ends(h.reports, req.clientOrderId)).toEqual([
      expect.objectContaining({ reasonCode: 'cancelled_by_request' }),
    ]);
  });
});
