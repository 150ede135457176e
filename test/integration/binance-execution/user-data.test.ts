import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseUserDataMessage } from '../../../core/src/adapters/binance/execution/index.ts';
import { fills, request, startHarness, waitFor, type Harness } from './harness.ts';

const FIXTURES = '/work/shared/data/fixtures/nautilus_binance';
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`!!! ${FIXTURES} absent: Binance user-data fixture parsing NOT RUN !!!`);

function fixture(path: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURES}/${path}`, 'utf8'));
}

describe.skipIf(!haveFixtures)(
  'user-data parsing of Binance documentation frames (../shared, LGPL, not copied)',
  () => {
    it('parses a spot executionReport trade', () => {
      expect(parseUserDataMessage(fixture('spot/user_data_json/execution_report_trade.json'))).toMatchObject({
        nativeSymbol: 'ETHUSDT',
        clientOrderId: 'x-TD67BGP9-T0000000000000',
        exchangeOrderId: '12345678',
        execType: 'TRADE',
        status: 'FILLED',
        lastQty: 1,
        lastPrice: 2500,
        cumulativeQty: 1,
        commissionAsset: 'ETH',
        tradeId: '98765432',
        maker: true,
      });
    });

    it('parses the wrapped WebSocket-API form and a cancel by its original client id', () => {
      expect(
        parseUserDataMessage(fixture('spot/user_data_json/execution_report_wrapped.json'))?.nativeSymbol,
      ).toBeTruthy();
      const cancel = fixture('spot/user_data_json/execution_report_canceled.json') as Record<string, unknown>;
      expect(parseUserDataMessage(cancel)?.clientOrderId).toBe(cancel['C'] || cancel['c']);
      expect(parseUserDataMessage(cancel)?.tradeId).toBeUndefined();
    });

    it('parses a futures ORDER_TRADE_UPDATE partial fill and ignores account updates', () => {
      expect(
        parseUserDataMessage(fixture('futures/user_data_json/order_update_trade_partial.json')),
      ).toMatchObject({
        execType: 'TRADE',
        status: 'PARTIALLY_FILLED',
      });
      expect(parseUserDataMessage(fixture('futures/user_data_json/order_update_trade.json'))).toMatchObject({
        nativeSymbol: 'BTCUSDT',
        clientOrderId: 'TEST',
        lastQty: 0.001,
        lastPrice: 7100.5,
        tradeId: '12345678',
      });
      expect(parseUserDataMessage(fixture('futures/user_data_json/account_update.json'))).toBeUndefined();
    });
  },
);

describe('the listen-key user-data stream', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('keeps the listen key alive on its cadence', async () => {
    h = await startHarness('spot', { listenKeyKeepAliveMs: 40 });
    await waitFor(() => h!.server.keepAlives.length >= 2, 10_000, 'keepalives');
    expect(h.server.keepAlives.every((k) => h!.server.listenKeys.has(k))).toBe(true);
    expect(h.server.countRequests('PUT', '/api/v3/userDataStream')).toBeGreaterThanOrEqual(2);
  });

  it('reconnects with a new key after a drop and recovers a fill missed in the gap by polling', async () => {
    h = await startHarness('usdm', { streamReconnectDelayMs: 30 });
    const req = request('binance-usdm:ETHUSDT', { type: 'limit', limitPrice: 2_900, quantity: 0.5 });
    h.venue.submit(req);
    await h.venue.live.settled();
    h.server.streamEnabled = false;
    h.server.fillLimit(req.clientOrderId);
    h.server.dropStreams();
    h.server.streamEnabled = true;
    await waitFor(() => fills(h!.reports, req.clientOrderId).length === 1, 10_000, 'the missed fill');
    expect(h.server.countRequests('POST', '/fapi/v1/listenKey')).toBe(2);
    expect(fills(h.reports, req.clientOrderId)[0]).toMatchObject({
      quantity: 0.5,
      price: 2_900,
      orderComplete: true,
    });
  });
});
