import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCandleTime, readCandleFile } from '../../../core/src/adapters/files/candle-file.ts';
import { KLINE_FIXTURE, REPO, tempDir } from './fixtures.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('readCandleFile', () => {
  it('reads Binance kline CSV with trade count and taker buy volume', () => {
    const { format, candles, rejected } = readCandleFile(
      tmp.file('binance_ADABTC-1m-2021-11-27.csv', `${KLINE_FIXTURE}\n`),
    );
    expect(format).toBe('binance-kline');
    expect(rejected).toEqual([]);
    expect(candles[0]).toEqual({
      openTime: 1637971200000,
      open: 0.00002853,
      high: 0.00002854,
      low: 0.00002851,
      close: 0.00002854,
      volume: 36304.2,
      trades: 79,
      takerBuyVolume: 19523,
    });
    expect(candles.map((c) => c.takerBuyVolume)).toEqual([19523, 89196.6, 0]);
  });

  it('skips a Binance kline header and converts microsecond open times to ms', () => {
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const row = '1735689600000000,1,2,0.5,1.5,10,1735689659999999,15,4,6,9,0';
    const { candles, rejected } = readCandleFile(tmp.file('kline-us.csv', `${header}\n${row}\n`));
    expect(rejected).toEqual([]);
    expect(candles.map((c) => [c.openTime, c.trades, c.takerBuyVolume])).toEqual([[1735689600000, 4, 6]]);
  });

  it('reads plain ts_ms,open,high,low,close,volume CSV without extras', () => {
    const text = 'ts_ms,open,high,low,close,volume\n1675209600000,23096.4,23103.0,23096.1,23103.0,0.000226\n';
    const { format, candles } = readCandleFile(tmp.file('plain.csv', text));
    expect(format).toBe('ohlcv-csv');
    expect(candles).toEqual([
      {
        openTime: 1675209600000,
        open: 23096.4,
        high: 23103,
        low: 23096.1,
        close: 23103,
        volume: 0.000226,
        trades: undefined,
        takerBuyVolume: undefined,
      },
    ]);
  });

  it('reads a JSON array of [ts, o, h, l, c, v] rows and reports bad rows by their 1-based position', () => {
    const text = JSON.stringify([
      [1570752000000, 0.00141342, 0.00141557, 0.00141266, 0.00141418, 1482.0],
      [1, 2],
      'x',
      [1570752120000, 1, 2, 0.5, 1, 3],
    ]);
    const { format, candles, rejected } = readCandleFile(tmp.file('XRP_ETH-1m.json', text));
    expect(format).toBe('ohlcv-json');
    expect(candles.map((c) => [c.openTime, c.volume, c.trades, c.takerBuyVolume])).toEqual([
      [1570752000000, 1482, undefined, undefined],
      [1570752120000, 3, undefined, undefined],
    ]);
    expect(rejected.map((r) => r.line)).toEqual([2, 3]);
  });

  it('rejects rows with the wrong column count, non-numbers or inconsistent prices, with their file line', () => {
    const text = [
      'ts_ms,open,high,low,close,volume', // 1
      '1675209060000,10,12,9,11,5', // 2 ok
      '1675209120000,10,12,9,11', // 3 five columns
      '1675209180000,10,abc,9,11,5', // 4 non-numeric
      '1675209240000,10,10.5,9,11,5', // 5 high below close
      '1675209300000,10,12,10.5,11,5', // 6 low above open
      '1675209360000,10,12,9,11,-1', // 7 negative volume
      '', // 8
      '1675209420000,10,12,9,11,5', // 9 ok
    ].join('\n');
    const { candles, rejected } = readCandleFile(tmp.file('bad.csv', text));
    expect(candles.map((c) => c.openTime)).toEqual([1675209060000, 1675209420000]);
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
  });

  it('rejects Binance rows whose taker buy volume exceeds the volume', () => {
    const row = '1637971200000,1,2,0.5,1.5,10,1637971259999,15,4,11,9,0';
    expect(readCandleFile(tmp.file('tb.csv', row)).rejected.map((r) => r.line)).toEqual([1]);
  });

  it('parses numeric times by magnitude and zone-less date strings as UTC', () => {
    expect(parseCandleTime('1640991660000')).toBe(1640991660000);
    expect(parseCandleTime('1640991660')).toBe(1640991660000);
    expect(parseCandleTime('2021-12-31 23:01:00.000000')).toBe(1640991660000);
    expect(parseCandleTime('ts_ms')).toBeNaN();
  });

  it('reads the 19 days of Dukascopy BTCUSD 1m candles in the repository without rejects', () => {
    const { format, candles, rejected } = readCandleFile(
      `${REPO}data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv`,
    );
    expect(format).toBe('ohlcv-csv');
    expect(rejected).toEqual([]);
    expect(candles.length).toBeGreaterThan(19 * 1440 - 100);
    expect(candles.every((c, i) => i === 0 || c.openTime - (candles[i - 1]?.openTime ?? 0) === 60_000)).toBe(
      true,
    );
  });
});

const SHARED_KLINES = '/work/shared/data/ohlcv_1m/nautilus/binance_ADABTC-1m-2021-11-27.csv';
const sharedMissing = !existsSync(SHARED_KLINES);
if (sharedMissing) {
  console.warn(
    `\n!!! NOT RUN: Binance kline check skipped, ${SHARED_KLINES} is absent (LGPL data, local checks only) !!!\n`,
  );
}

describe.skipIf(sharedMissing)(
  'readCandleFile on the shared Binance ADABTC klines (LGPL, not in the repository)',
  () => {
    it('reads a full day of klines with taker buy volume inside the volume', () => {
      const { format, candles, rejected } = readCandleFile(SHARED_KLINES);
      expect(format).toBe('binance-kline');
      expect(rejected).toEqual([]);
      expect(candles).toHaveLength(1440);
      expect(
        candles.every(
          (c) => c.takerBuyVolume !== undefined && c.takerBuyVolume <= c.volume && c.trades !== undefined,
        ),
      ).toBe(true);
    });
  },
);
