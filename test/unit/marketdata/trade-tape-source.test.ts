import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TradeTapeSource, parseTradeTape } from '../../../core/src/adapters/files/trade-tape.ts';
import { parseDecimal } from '../../../core/src/adapters/files/text-file.ts';
import { makeInstrument } from '../../../core/src/domain/instrument.ts';
import { REPO, rejectsOf, tempDir, tradesOf } from './fixtures.ts';

const btc = makeInstrument('binance', 'spot', 'BTCUSDT');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('TradeTapeSource', () => {
  it('reads every row as a trade with localTs equal to ts and no trade id', () => {
    const path = tmp.file('t.csv', 'ts_ms,price,qty,side\n1000,100.5,0.25,buy\n1001,100.25,1,sell\n');
    const items = [...new TradeTapeSource(path, btc).items()];
    expect(items).toEqual([
      {
        kind: 'trade',
        tick: {
          instrumentId: 'binance-spot:BTCUSDT',
          ts: 1000,
          localTs: 1000,
          price: 100.5,
          qty: 0.25,
          side: 'buy',
          tradeId: undefined,
        },
      },
      {
        kind: 'trade',
        tick: {
          instrumentId: 'binance-spot:BTCUSDT',
          ts: 1001,
          localTs: 1001,
          price: 100.25,
          qty: 1,
          side: 'sell',
          tradeId: undefined,
        },
      },
    ]);
  });

  it('keeps identical consecutive rows because tapes without ids really contain them', () => {
    const path = tmp.file('dup.csv', 'ts_ms,price,qty,side\n5,1,2,buy\n5,1,2,buy\n5,1,2,buy\n');
    expect(tradesOf(new TradeTapeSource(path, btc).items())).toHaveLength(3);
  });

  it('rejects unparsable rows as malformed with their 1-based line number and skips fully empty lines', () => {
    const text = [
      'ts_ms,price,qty,side', // 1
      '1,10,1,buy', // 2
      '2,10,1', // 3 too few columns
      '', // 4 empty: skipped silently
      '3,abc,1,sell', // 5 non-numeric price
      '4,10,1,BUY', // 6 unknown side
      '5,10,1,buy,extra', // 7 too many columns
      '6,10,,sell', // 8 empty qty
      ' ', // 9 blank but not empty
      'x,10,1,sell', // 10 non-numeric ts
      '7,10,1,sell', // 11
    ].join('\n');
    const items = [...new TradeTapeSource(tmp.file('bad.csv', text), btc).items()];
    expect(tradesOf(items).map((t) => t.ts)).toEqual([1, 7]);
    const rejects = rejectsOf(items);
    expect(rejects.map((r) => r.line)).toEqual([3, 5, 6, 7, 8, 9, 10]);
    expect(rejects.every((r) => r.reason === 'malformed_row' && r.instrumentId === btc.id)).toBe(true);
    expect(rejects[1]?.detail).toContain('price');
    expect(rejects[1]?.detail).toContain('3,abc,1,sell');
  });

  it('passes non-positive prices and sizes and out-of-order times on for the validator to judge', () => {
    const path = tmp.file('values.csv', 'ts_ms,price,qty,side\n9,0,1,buy\n8,-1,0,sell\n');
    expect(tradesOf(new TradeTapeSource(path, btc).items()).map((t) => [t.ts, t.price, t.qty])).toEqual([
      [9, 0, 1],
      [8, -1, 0],
    ]);
  });

  it('handles CRLF line ends, a missing final newline and gzip', () => {
    const path = tmp.file('crlf.csv.gz', 'ts_ms,price,qty,side\r\n1,2,3,sell\r\n4,5,6,buy');
    expect(tradesOf(new TradeTapeSource(path, btc).items()).map((t) => [t.ts, t.side])).toEqual([
      [1, 'sell'],
      [4, 'buy'],
    ]);
  });

  it('throws when the first line is not the header', () => {
    const path = tmp.file('nohdr.csv', '1,2,3,buy\n');
    expect(() => [...new TradeTapeSource(path, btc).items()]).toThrow(/header/);
  });

  it('parses every number of the real BTCUSDT tape exactly as Number() does', () => {
    const path = `${REPO}data/tapes/binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv`;
    const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1);
    const ticks = tradesOf(new TradeTapeSource(path, btc).items());
    expect(ticks).toHaveLength(19_904);
    const expected = rows.map((row) => {
      const [ts, price, qty, side] = row.split(',');
      return [Number(ts), Number(price), Number(qty), side];
    });
    expect(ticks.map((t) => [t.ts, t.price, t.qty, t.side])).toEqual(expected);
  });

  it('gives the same value as Number() for decimal edge cases', () => {
    const cases = [
      '0',
      '-0',
      '1.',
      '.5',
      '0.1',
      '61837.63000000',
      '9007199254740991',
      '9007199254740993',
      '1e-7',
      '+3',
      '0x10',
      '123456789.123456789',
      '0.00002853',
      '-12.5',
    ];
    for (const text of cases)
      expect(Object.is(parseDecimal(Buffer.from(text), 0, text.length), Number(text))).toBe(true);
    for (const text of ['', '-', '.', ' ', '1.2.3', 'abc'])
      expect(parseDecimal(Buffer.from(text), 0, text.length)).toBeNaN();
  });

  it('parses a 25-fold in-memory repeat of the real tape into exactly 25 times its trades (speed is measured by npm run bench)', () => {
    const text = readFileSync(
      `${REPO}data/tapes/binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv`,
      'utf8',
    );
    const nl = text.indexOf('\n');
    const bytes = Buffer.from(text.slice(0, nl + 1) + text.slice(nl + 1).repeat(25));
    let n = 0;
    for (const item of parseTradeTape(bytes, btc, 'memory')) if (item.kind === 'trade') n++;
    expect(n).toBe(19_904 * 25);
  });
});
