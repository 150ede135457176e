import { describe, expect, it } from 'vitest';
import { backoffDelay, TradeFrameParser } from '../../../core/src/adapters/binance/feed/index.ts';

const parser = new TradeFrameParser(
  new Map([
    ['BTCUSDT', 'binance-spot:BTCUSDT'],
    ['ETHUSDT', 'binance-usdm:ETHUSDT'],
  ]),
);

describe('Binance trade frame parser', () => {
  it('reads a combined-stream spot trade frame as captured', () => {
    const frame =
      '{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}}';
    expect(parser.parse(frame, 99)).toEqual({
      instrumentId: 'binance-spot:BTCUSDT',
      ts: 1723161255342,
      localTs: 99,
      price: 61837.63,
      qty: 0.02,
      side: 'sell',
      tradeId: 3735683259,
    });
  });

  it('reads a raw USD-M trade frame with the X field and a buyer-taker side', () => {
    const frame =
      '{"e":"trade","E":1721347022708,"T":1721347022707,"s":"ETHUSDT","t":4217896584,"p":"3424.98","q":"0.007","X":"MARKET","m":false}';
    expect(parser.parse(frame, 5)).toMatchObject({ side: 'buy', tradeId: 4217896584, price: 3424.98 });
  });

  it('takes the aggregate id of an aggTrade frame as the trade id', () => {
    const frame =
      '{"stream":"ethusdt@aggTrade","data":{"e":"aggTrade","E":2,"s":"ETHUSDT","a":77,"p":"1.5","q":"2","f":100,"l":105,"T":1,"m":true}}';
    expect(parser.parse(frame, 3)).toMatchObject({ tradeId: 77, ts: 1, qty: 2, side: 'sell' });
  });

  it('refuses insurance-fund prints and names every other problem with a reason code', () => {
    const trade = (extra: string): string =>
      `{"e":"trade","s":"ETHUSDT","t":1,"p":"1","q":"1","T":1,"m":true${extra}}`;
    expect(parser.parse(trade(',"X":"INSURANCE_FUND"'), 0)).toBe('non_market_trade');
    expect(parser.parse('{"e":"trade","s":', 0)).toBe('malformed_json');
    expect(parser.parse('[1,2]', 0)).toBe('not_an_object');
    expect(parser.parse('{"e":"trade","s":"ETHUSDT","t":1,"p":"1","T":1,"m":true}', 0)).toBe('missing_field');
    expect(parser.parse('{"e":"trade","s":"ETHUSDT","t":1,"p":"abc","q":"1","T":1,"m":true}', 0)).toBe(
      'bad_number',
    );
    expect(parser.parse('{"e":"trade","s":"DOGEUSDT","t":1,"p":"1","q":"1","T":1,"m":true}', 0)).toBe(
      'unknown_symbol',
    );
    expect(parser.parse('{"stream":"btcusdt@bookTicker","data":{"u":1,"s":"BTCUSDT"}}', 0)).toBe(
      'other_event',
    );
  });

  it('recognises subscription replies and errors by id', () => {
    expect(parser.parse('{"result":null,"id":7}', 0)).toEqual({ kind: 'reply', id: 7, error: undefined });
    expect(parser.parse('{"error":{"code":2,"msg":"bad"},"id":8}', 0)).toMatchObject({
      id: 8,
      error: expect.stringContaining('bad'),
    });
  });

  it('backs off exponentially with jitter inside the cap', () => {
    const half = (): number => 0.5;
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 100, 1000, half))).toEqual([75, 150, 300, 600, 750]);
    expect(backoffDelay(3, 100, 1000, () => 0)).toBe(400);
    expect(backoffDelay(3, 100, 1000, () => 0.999999)).toBe(800);
  });
});
