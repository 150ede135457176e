import { describe, expect, it } from 'vitest';
import { PositionBook, type EntryIntent } from '../../../core/src/execution/position-book.ts';
import { BTC, ETH, fill } from './fixtures.ts';

const long: EntryIntent = { positionId: 'pos-1', direction: 'long', signalId: 'sig-1', initialStop: 99.5 };
const short: EntryIntent = { positionId: 'pos-2', direction: 'short', signalId: 'sig-2', initialStop: 50.25 };

describe('PositionBook', () => {
  it('averages partial entry fills and nets both fees out of the closed long', () => {
    const book = new PositionBook(10_000);
    const opened = book.applyEntry(fill({ price: 100, quantity: 0.5, fee: 0.05, ts: 10 }), long);
    expect(opened.opened).toMatchObject({
      positionId: 'pos-1',
      quantity: 0.5,
      entryPrice: 100,
      entryTime: 10,
    });
    expect(book.applyEntry(fill({ price: 102, quantity: 0.5, fee: 0.051, ts: 11 }), long)).toEqual({});
    expect(book.position(BTC)).toMatchObject({ quantity: 1, entryPrice: 101, entryFees: 0.101 });

    const partial = book.applyExit(
      fill({ side: 'sell', price: 104, quantity: 0.25, fee: 0.026, ts: 20 }),
      'trailing_stop',
    );
    expect(partial).toEqual({});
    expect(book.realizedPnl()).toBeCloseTo(0.75, 12);

    const { closed } = book.applyExit(
      fill({ side: 'sell', price: 106, quantity: 0.75, fee: 0.0795, ts: 21 }),
      'trailing_stop',
    );
    // Gross: (104 − 101) × 0.25 + (106 − 101) × 0.75 = 0.75 + 3.75 = 4.5; fees 0.101 + 0.026 + 0.0795.
    expect(closed?.pnl).toBeCloseTo(4.5 - 0.2065, 12);
    expect(closed?.fees).toBeCloseTo(0.2065, 12);
    expect(closed?.exitPrice).toBeCloseTo(105.5, 12);
    expect(closed?.exitTime).toBe(21);
    expect(closed?.pnlPercent).toBeCloseTo((4.2935 / 101) * 100, 10);
    expect(closed?.reason).toBe('trailing_stop');
    expect(closed?.position).toMatchObject({
      quantity: 1,
      entryPrice: 101,
      entryTime: 10,
      signalId: 'sig-1',
    });
    expect(book.position(BTC)).toBeUndefined();
    expect(book.equity()).toBeCloseTo(10_000 + 4.2935, 10);
  });

  it('books a short that gains when price falls', () => {
    const book = new PositionBook(1_000);
    book.applyEntry(
      fill({ instrumentId: ETH, side: 'sell', price: 50, quantity: 2, fee: 0.04, ts: 1 }),
      short,
    );
    const { closed } = book.applyExit(
      fill({ instrumentId: ETH, side: 'buy', price: 48, quantity: 2, fee: 0.0384, ts: 2 }),
      'consecutive_adverse_moves',
    );
    expect(closed?.pnl).toBeCloseTo(4 - 0.0784, 12);
    expect(closed?.position.direction).toBe('short');
    expect(book.equity()).toBeCloseTo(1_003.9216, 10);
  });

  it('marks open positions to the last trade for equity and exposure', () => {
    const book = new PositionBook(10_000);
    book.applyEntry(fill({ price: 101, quantity: 1, fee: 0.101 }), long);
    book.applyEntry(fill({ instrumentId: ETH, side: 'sell', price: 50, quantity: 2, fee: 0.04 }), short);
    expect(book.equity()).toBeCloseTo(10_000 - 0.141, 10);
    book.mark(BTC, 103);
    book.mark(ETH, 51);
    // Long +2, short −2: unrealized cancels, fees remain.
    expect(book.unrealizedPnl()).toBeCloseTo(0, 12);
    expect(book.equity()).toBeCloseTo(9_999.859, 10);
    expect(book.exposure()).toBeCloseTo(103 + 102, 10);
    book.mark(ETH, 49);
    expect(book.equity()).toBeCloseTo(10_000 - 0.141 + 2 + 2, 10);
  });

  it('treats float dust left by exits as a closed position', () => {
    const book = new PositionBook(0);
    book.applyEntry(fill({ quantity: 0.3 }), long);
    book.applyExit(fill({ side: 'sell', quantity: 0.1 }), 'end_of_data');
    const { closed } = book.applyExit(fill({ side: 'sell', quantity: 0.2 }), 'end_of_data');
    expect(closed?.position.quantity).toBeCloseTo(0.3, 15);
  });

  it('refuses fills that contradict the position as bugs', () => {
    const book = new PositionBook(0);
    expect(() => book.applyExit(fill({ side: 'sell' }), 'end_of_data')).toThrow(/without an open position/);
    book.applyEntry(fill({ quantity: 1 }), long);
    expect(() => book.applyEntry(fill({ side: 'sell' }), short)).toThrow(/opposes/);
    expect(() => book.applyExit(fill({ side: 'sell', quantity: 2 }), 'end_of_data')).toThrow(/overfills/);
    expect(() => book.applyExit(fill({ side: 'buy' }), 'end_of_data')).toThrow(/wrong side/);
  });
});
