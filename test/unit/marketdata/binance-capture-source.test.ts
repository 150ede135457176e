import { afterAll, describe, expect, it } from 'vitest';
import { BinanceCaptureSource, receiveTimeMs } from '../../../core/src/adapters/files/binance-capture.ts';
import { TradeTapeSource } from '../../../core/src/adapters/files/trade-tape.ts';
import { makeInstrument } from '../../../core/src/domain/instrument.ts';
import { REPO, rejectsOf, tempDir, tradesOf } from './fixtures.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const trade = (t: number, m: boolean, extra = '') =>
  `{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":${t},"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":${m}${extra}}}`;

describe('BinanceCaptureSource', () => {
  it('turns @trade frames into ticks with event time, receive time in ms, trade id and aggressor side', () => {
    const text = [
      `1723161254087896568 ${trade(1, true)}`,
      '1723161254116723068 {"stream":"btcusdt@bookTicker","data":{"u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}}',
      '1723161254137307667 {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","b":[],"a":[]}}',
      '1723161254206652067 {"lastUpdateId":50093239218,"bids":[],"asks":[]}',
      `1723161254300000000 ${trade(2, false)}`,
    ].join('\n');
    const source = new BinanceCaptureSource(tmp.file('spot_btcusdt_20240808.gz', text));
    expect(source.instrument.id).toBe('binance-spot:BTCUSDT');
    const items = [...source.items()];
    expect(items).toEqual([
      {
        kind: 'trade',
        tick: {
          instrumentId: 'binance-spot:BTCUSDT',
          ts: 1723161255342,
          localTs: 1723161254087,
          price: 61837.63,
          qty: 0.02,
          side: 'sell',
          tradeId: 1,
        },
      },
      {
        kind: 'trade',
        tick: {
          instrumentId: 'binance-spot:BTCUSDT',
          ts: 1723161255342,
          localTs: 1723161254300,
          price: 61837.63,
          qty: 0.02,
          side: 'buy',
          tradeId: 2,
        },
      },
    ]);
    expect(source.ignored()).toBe(3);
  });

  it('detects ns, µs and ms receive times by magnitude', () => {
    expect(receiveTimeMs('1723161254087896568')).toBe(1723161254087);
    expect(receiveTimeMs('1680652800004107')).toBe(1680652800004);
    expect(receiveTimeMs('1680652800004')).toBe(1680652800004);
    expect(receiveTimeMs('12x4')).toBeNaN();
    expect(receiveTimeMs('12345')).toBeNaN();
  });

  it('rejects unparsable lines, bad JSON and trade frames missing fields as malformed frames', () => {
    const text = [
      `1680652800004107 ${trade(1, true)}`, // 1 ok (µs)
      'garbage', // 2 no space
      '1680652800004107 {"stream":', // 3 bad JSON
      '1680652800004107 [1,2]', // 4 not an object
      `1680652800004107 ${trade(2, true).replace('"m":true', '"x":true')}`, // 5 no m
      `1680652800004107 ${trade(3, true).replace('"p":"61837.63000000"', '"p":61837.63')}`, // 6 numeric p
      `1680652800004107 ${trade(4, true).replace('"q":"0.02000000"', '"q":"zero"')}`, // 7 non-decimal q
      `abc ${trade(5, true)}`, // 8 bad receive time
      `1680652800004107 ${trade(6, false).replace('"s":"BTCUSDT"', '"s":"ETHUSDT"')}`, // 9 other symbol: ignored
    ].join('\n');
    const source = new BinanceCaptureSource(tmp.file('spot_btcusdt_20230405.dat.gz', text));
    const items = [...source.items()];
    expect(tradesOf(items).map((t) => [t.tradeId, t.localTs])).toEqual([[1, 1680652800004]]);
    const rejects = rejectsOf(items);
    expect(rejects.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(rejects.every((r) => r.reason === 'malformed_frame')).toBe(true);
    expect(rejects[3]?.detail).toContain('maker flag m');
    expect(source.ignored()).toBe(1);
  });

  it('takes the instrument from the file name prefix: usdm_ is binance USD-M', () => {
    const source = new BinanceCaptureSource(`${REPO}data/captures/usdm_ethusdt_20240718.gz`);
    expect(source.instrument.id).toBe('binance-usdm:ETHUSDT');
    const items = [...source.items()];
    expect(rejectsOf(items)).toEqual([]);
    expect(tradesOf(items)).toHaveLength(1640);
    expect(source.ignored()).toBe(9089 + 3273 + 1);
  });

  it.each([
    ['spot_btcusdt_20240808.gz', 'binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv', 9757],
    ['spot_btcusdt_20230405.dat.gz', 'binance-spot_BTCUSDT_2023-04-05T0000Z_0007Z_trades.csv', 3144],
  ])('yields from %s exactly the first trades of the normalized tape %s', (capture, tape, count) => {
    const source = new BinanceCaptureSource(`${REPO}data/captures/${capture}`);
    const items = [...source.items()];
    expect(rejectsOf(items)).toEqual([]);
    const fromCapture = tradesOf(items);
    expect(fromCapture).toHaveLength(count);
    const fromTape = tradesOf(
      new TradeTapeSource(`${REPO}data/tapes/${tape}`, makeInstrument('binance', 'spot', 'BTCUSDT')).items(),
    );
    const key = (t: { ts: number; price: number; qty: number; side: string }) => [
      t.ts,
      t.price,
      t.qty,
      t.side,
    ];
    expect(fromCapture.map(key)).toEqual(fromTape.slice(0, count).map(key));
    const ids = fromCapture.map((t) => t.tradeId ?? 0);
    expect(ids.every((id, i) => i === 0 || id === (ids[i - 1] ?? 0) + 1)).toBe(true);
    expect(fromCapture.every((t) => Number.isInteger(t.localTs) && Math.abs(t.localTs - t.ts) < 5_000)).toBe(
      true,
    );
  });
});
