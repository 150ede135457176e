import { afterAll, describe, expect, it } from 'vitest';
import { BinanceCaptureSource } from '../../../core/src/adapters/files/binance-capture.ts';
import { CandleFileSource } from '../../../core/src/adapters/files/candle-source.ts';
import { openTickSource, parseInputFileName } from '../../../core/src/adapters/files/file-names.ts';
import { QuoteFileSource } from '../../../core/src/adapters/files/quote-file.ts';
import { TradeTapeSource } from '../../../core/src/adapters/files/trade-tape.ts';
import { REPO, rejectsOf, tempDir, tradesOf } from './fixtures.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('parseInputFileName', () => {
  it.each([
    [
      'data/tapes/binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv',
      'trades',
      'binance-spot',
      'BTCUSDT',
    ],
    ['kraken-spot_XBTUSDT_2025-11-10_trades.csv.gz', 'trades', 'kraken-spot', 'XBTUSDT'],
    ['binance-spot_XRPETH_2019-10-11_2019-10-13_aggtrades.csv', 'trades', 'binance-spot', 'XRPETH'],
    ['oanda_EURUSD_2014-05-05_quotes.csv', 'quotes', 'oanda', 'EURUSD'],
    ['dukascopy_BTCUSD_2023-02-20T1200Z_1400Z_quotes.csv', 'quotes', 'dukascopy', 'BTCUSD'],
    ['dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv', 'candles', 'dukascopy', 'BTCUSD'],
    ['binance_ADABTC-1m-2021-11-27.csv', 'candles', 'binance', 'ADABTC'],
    ['/x/spot_btcusdt_20240808.gz', 'capture', 'binance-spot', 'BTCUSDT'],
    ['usdm_ethusdt_20240718.gz', 'capture', 'binance-usdm', 'ETHUSDT'],
    ['spot_btcusdt_20230405.dat.gz', 'capture', 'binance-spot', 'BTCUSDT'],
  ])('reads %s as %s on %s %s', (path, kind, venueKey, symbol) => {
    expect(parseInputFileName(path)).toEqual({ kind, venueKey, symbol });
  });

  it.each([
    'README.md',
    'trades.csv',
    'XRP_ETH-1m_2019-10-11.json',
    'binance-spot_BTCUSDT_2024.csv',
    'spot_btcusdt_20240808.csv',
  ])('does not recognise %s', (path) => expect(parseInputFileName(path)).toBeUndefined());
});

describe('openTickSource', () => {
  it('opens a trade tape on a spot instrument from its name', () => {
    const source = openTickSource(
      `${REPO}data/tapes/binance-usdm_ETHUSDT_2024-08-08T2354Z_2024-08-09T0000Z_trades.csv`,
    );
    expect(source).toBeInstanceOf(TradeTapeSource);
    expect(source.instrument.id).toBe('binance-usdm:ETHUSDT');
    expect(tradesOf(source.items())).toHaveLength(14_076);
  });

  it('opens quote files of a bare vendor as forex instruments', () => {
    const source = openTickSource(`${REPO}data/quotes/oanda_EURUSD_2014-05-05_quotes.csv`);
    expect(source).toBeInstanceOf(QuoteFileSource);
    expect(source.instrument).toEqual({
      id: 'oanda-forex:EURUSD',
      venue: 'oanda',
      marketType: 'forex',
      symbol: 'EURUSD',
    });
  });

  it('opens raw captures with the venue market of their prefix', () => {
    const source = openTickSource(`${REPO}data/captures/usdm_ethusdt_20240718.gz`);
    expect(source).toBeInstanceOf(BinanceCaptureSource);
    expect(source.instrument.id).toBe('binance-usdm:ETHUSDT');
  });

  it('opens candle files as expanded ticks and reports refused rows with their file line', () => {
    const path = tmp.file(
      'dukascopy_BTCUSD_BID_1m_x.csv',
      'ts_ms,open,high,low,close,volume\n1675209600000,10,12,9,11,5\n1675209660000,10,1,9,11,5\n',
    );
    const source = openTickSource(path, { seed: 4 });
    expect(source).toBeInstanceOf(CandleFileSource);
    expect(source.instrument.id).toBe('dukascopy-spot:BTCUSD');
    const items = [...source.items()];
    expect(rejectsOf(items).map((r) => [r.line, r.reason])).toEqual([[3, 'malformed_row']]);
    expect(tradesOf(items)).toHaveLength(12);
  });

  it('lets overrides set venue, symbol and kind for files named otherwise', () => {
    const path = tmp.file('mystery.csv', 'ts_ms,price,qty,side\n1,2,3,buy\n');
    expect(() => openTickSource(path)).toThrow(/overrides/);
    const source = openTickSource(path, { venue: 'kraken-spot', symbol: 'xbt/usdt', kind: 'trades' });
    expect(source.instrument.id).toBe('kraken-spot:XBTUSDT');
    expect(tradesOf(source.items())).toHaveLength(1);
  });
});
