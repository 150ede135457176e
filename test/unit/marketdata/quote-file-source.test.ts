import { afterAll, describe, expect, it } from 'vitest';
import { QuoteFileSource } from '../../../core/src/adapters/files/quote-file.ts';
import { instrumentFromVenueKey } from '../../../core/src/domain/instrument.ts';
import { REPO, rejectsOf, tempDir, tradesOf } from './fixtures.ts';

const eurusd = instrumentFromVenueKey('oanda', 'EURUSD', 'forex');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('QuoteFileSource', () => {
  it('turns each quote into one tick at the mid with tick volume 1 and sides by the tick rule', () => {
    const text = [
      'ts_ms,bid,ask',
      '1,1.0,1.2', // mid 1.1, first tick: buy
      '2,1.1,1.3', // 1.2 up: buy
      '3,1.0,1.2', // 1.1 down: sell
      '4,1.0,1.2', // unchanged: keeps sell
      '5,1.05,1.15', // unchanged mid: keeps sell
      '6,1.1,1.2', // 1.15 up: buy
      '7,1.1,1.2', // unchanged: keeps buy
      '8,1.1,1.3', // 1.2 up: buy (exact mid, not 1.2000000000000002)
      '9,1.0,1.3', // 1.15 down: sell
      '10,1.0,1.4', // 1.2 up: buy
      '11,1.1,1.3', // 1.2 again, computed from other quotes: unchanged, keeps buy
    ].join('\n');
    const ticks = tradesOf(new QuoteFileSource(tmp.file('q.csv', text), eurusd).items());
    expect(ticks.map((t) => t.side)).toEqual([
      'buy',
      'buy',
      'sell',
      'sell',
      'sell',
      'buy',
      'buy',
      'buy',
      'sell',
      'buy',
      'buy',
    ]);
    expect(ticks.map((t) => t.price)).toEqual([1.1, 1.2, 1.1, 1.1, 1.1, 1.15, 1.15, 1.2, 1.15, 1.2, 1.2]);
    expect(ticks.every((t) => t.qty === 1 && t.localTs === t.ts && t.tradeId === undefined)).toBe(true);
    expect(ticks[0]?.instrumentId).toBe('oanda-forex:EURUSD');
  });

  it('rejects crossed, non-positive and unparsable quotes without touching the tick-rule state', () => {
    const text = [
      'ts_ms,bid,ask', // 1
      '1,1.0,1.2', // 2 mid 1.1 buy
      '2,1.3,1.2', // 3 crossed
      '3,0,1.2', // 4 non-positive bid
      '4,1.0,-1', // 5 non-positive (and crossed): non-positive wins
      '5,1.0', // 6 malformed
      '6,1.0,abc', // 7 malformed
      '', // 8 skipped
      '7,0.9,1.1', // 9 mid 1.0: down from 1.1 (rejected quotes ignored): sell
      '8,1.2,1.2', // 10 locked quote is valid: mid 1.2 buy
    ].join('\n');
    const items = [...new QuoteFileSource(tmp.file('bad.csv', text), eurusd).items()];
    expect(rejectsOf(items).map((r) => [r.line, r.reason])).toEqual([
      [3, 'crossed_quote'],
      [4, 'non_positive_price'],
      [5, 'non_positive_price'],
      [6, 'malformed_row'],
      [7, 'malformed_row'],
    ]);
    expect(tradesOf(items).map((t) => [t.ts, t.price, t.side])).toEqual([
      [1, 1.1, 'buy'],
      [7, 1, 'sell'],
      [8, 1.2, 'buy'],
    ]);
  });

  it('reads the real OANDA EURUSD quote day without rejects', () => {
    const items = [
      ...new QuoteFileSource(`${REPO}data/quotes/oanda_EURUSD_2014-05-05_quotes.csv`, eurusd).items(),
    ];
    expect(rejectsOf(items)).toEqual([]);
    expect(tradesOf(items)).toHaveLength(25_177);
  });
});
