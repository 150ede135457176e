import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  createBinanceClient,
  createBinanceVenue,
  LiveTradingGuardError,
  privateRestUrl,
  roundOrder,
  type MarketRules,
} from '../../../core/src/adapters/binance/execution/index.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import { request, startHarness } from './harness.ts';

const base = {
  clock: { now: () => 0 },
  ids: new SequentialIds(),
  logger: silentLogger,
  publish: () => undefined,
};

describe('Binance execution safety guards', () => {
  it('refuses to construct without live: true', () => {
    expect(() =>
      createBinanceVenue({ ...base, venue: 'binance-spot', live: false, apiKey: 'k', secret: 's' }),
    ).toThrow(LiveTradingGuardError);
  });

  it('refuses to construct without an api key or secret', () => {
    expect(() => createBinanceVenue({ ...base, venue: 'binance-spot', live: true, secret: 's' })).toThrow(
      /apiKey and secret/,
    );
    expect(() =>
      createBinanceVenue({ ...base, venue: 'binance-usdm', live: true, apiKey: 'k', secret: '' }),
    ).toThrow(LiveTradingGuardError);
  });

  it('switches spot and futures REST bases to the testnets with sandbox: true', () => {
    const live = { live: true, apiKey: 'k', secret: 's' };
    expect(privateRestUrl(createBinanceClient({ ...live, venue: 'binance-spot' }), 'binance-spot')).toBe(
      'https://api.binance.com/api/v3',
    );
    expect(
      privateRestUrl(createBinanceClient({ ...live, venue: 'binance-spot', sandbox: true }), 'binance-spot'),
    ).toBe('https://testnet.binance.vision/api/v3');
    expect(privateRestUrl(createBinanceClient({ ...live, venue: 'binance-usdm' }), 'binance-usdm')).toBe(
      'https://fapi.binance.com/fapi/v1',
    );
    expect(
      privateRestUrl(createBinanceClient({ ...live, venue: 'binance-usdm', sandbox: true }), 'binance-usdm'),
    ).toBe('https://testnet.binancefuture.com/fapi/v1');
  });

  it('keeps endpoint paths when the base URL is overridden', () => {
    const client = createBinanceClient({
      venue: 'binance-usdm',
      live: true,
      apiKey: 'k',
      secret: 's',
      restBaseUrl: 'http://127.0.0.1:9/',
    });
    expect(privateRestUrl(client, 'binance-usdm')).toBe('http://127.0.0.1:9/fapi/v1');
  });
});

describe('Binance failure classification', () => {
  const ccxtLike = (name: string, message: string) =>
    Object.assign(new Error(message), { constructor: { name } });

  it.each([
    ['binance {"code":-1003,"msg":"Too many requests"}', 'rate_limited', 'rate_limited'],
    [
      'binance POST http://x/api/v3/order 429 Too Many Requests {"code":-1003}',
      'rate_limited',
      'rate_limited',
    ],
    [
      'binance {"code":-1007,"msg":"Timeout waiting for response from backend server."}',
      'ambiguous',
      'venue_timeout',
    ],
    ['binance POST http://x/api/v3/order 503 Service Unavailable ', 'ambiguous', 'venue_unavailable'],
    [
      'binance {"code":-2010,"msg":"Account has insufficient balance for requested action."}',
      'fatal',
      'insufficient_balance',
    ],
    ['binance {"code":-1013,"msg":"Filter failure: LOT_SIZE"}', 'fatal', 'filter_failure'],
    ['binance {"code":-2011,"msg":"Unknown order sent."}', 'fatal', 'unknown_order'],
    ['binance {"code":-1102,"msg":"Mandatory parameter was not sent"}', 'fatal', 'bad_parameters'],
    ['binance {"code":-1106,"msg":"Parameter sent when not required."}', 'fatal', 'bad_parameters'],
    [
      'binance {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}',
      'fatal',
      'auth_failed',
    ],
    ['binance Filter failure: PRICE_FILTER', 'fatal', 'filter_failure'],
  ])('classifies %s as %s / %s', (message, failureClass, reasonCode) => {
    expect(classifyFailure(new Error(message))).toMatchObject({ failureClass, reasonCode });
  });

  it('reads Retry-After in seconds and treats 418 as an IP ban', () => {
    const failure = classifyFailure(
      new Error('binance GET http://x/api/v3/account 418 I am a teapot {}'),
      '120',
    );
    expect(failure).toMatchObject({
      failureClass: 'rate_limited',
      reasonCode: 'ip_banned',
      retryAfterMs: 120_000,
    });
  });

  it('treats a request timeout and a refused connection as ambiguous', () => {
    expect(
      classifyFailure(ccxtLike('RequestTimeout', 'binance GET http://x request timed out (1000 ms)')),
    ).toMatchObject({
      failureClass: 'ambiguous',
      reasonCode: 'request_timeout',
    });
    expect(classifyFailure(new Error('binance fetch failed ECONNREFUSED'))).toMatchObject({
      failureClass: 'ambiguous',
    });
  });
});

describe('precision rounding against exchangeInfo filters', () => {
  const rules: MarketRules = {
    symbol: 'BTC/USDT',
    nativeSymbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    stepSize: 0.00001,
    minQty: 0.00001,
    maxQty: 9000,
    marketStepSize: 0.00001,
    marketMinQty: 0.00001,
    marketMaxQty: 100,
    tickSize: 0.01,
    minPrice: 0.01,
    maxPrice: 1_000_000,
    minNotional: 5,
    orderTypes: ['LIMIT', 'MARKET'],
  };

  it('rounds quantity down to the step and limit prices to the passive side of the tick', () => {
    expect(
      roundOrder(
        rules,
        { side: 'buy', type: 'limit', quantity: 0.123456789, limitPrice: 60_000.019 },
        undefined,
      ),
    ).toEqual({
      ok: true,
      quantity: 0.12345,
      price: 60_000.01,
    });
    expect(
      roundOrder(rules, { side: 'sell', type: 'limit', quantity: 0.3, limitPrice: 60_000.011 }, undefined),
    ).toEqual({
      ok: true,
      quantity: 0.3,
      price: 60_000.02,
    });
  });

  it('refuses quantities below the lot and notionals below the minimum with stable codes', () => {
    expect(
      roundOrder(rules, { side: 'buy', type: 'market', quantity: 0.000009, limitPrice: undefined }, 60_000),
    ).toMatchObject({
      ok: false,
      reasonCode: 'quantity_below_minimum',
    });
    expect(
      roundOrder(rules, { side: 'buy', type: 'limit', quantity: 0.00005, limitPrice: 60_000 }, undefined),
    ).toMatchObject({
      ok: false,
      reasonCode: 'notional_below_minimum',
    });
    expect(
      roundOrder(rules, { side: 'buy', type: 'market', quantity: 200, limitPrice: undefined }, 60_000),
    ).toMatchObject({
      ok: false,
      reasonCode: 'quantity_above_maximum',
    });
  });

  it('reads the fake exchangeInfo through ccxt and refuses too-small orders before sending', async () => {
    const h = await startHarness('spot');
    try {
      expect(h.venue.live.rulesFor('BTCUSDT')).toMatchObject({
        stepSize: 0.00001,
        tickSize: 0.01,
        minNotional: 5,
      });
      expect(h.venue.live.rulesFor('BTCUSDT')?.marketStepSize).toBe(0.00001);
      const tiny = h.venue.submit(
        request('binance-spot:BTCUSDT', { type: 'limit', limitPrice: 60_000, quantity: 0.00008 }),
      );
      expect(tiny).toMatchObject({ accepted: false, reasonCode: 'notional_below_minimum' });
      const unknown = h.venue.submit(request('binance-spot:DOGEUSDT'));
      expect(unknown).toMatchObject({ accepted: false, reasonCode: 'unknown_symbol' });
      const wrongVenue = h.venue.submit(request('binance-usdm:BTCUSDT'));
      expect(wrongVenue).toMatchObject({ accepted: false, reasonCode: 'unknown_instrument' });
      expect(h.server.countRequests('POST', '/api/v3/order')).toBe(0);
    } finally {
      await h.stop();
    }
  });
});
