import { describe, expect, it } from 'vitest';
import { TickValidator } from '../../../core/src/marketdata/tick-validator.ts';
import { mergeSources } from '../../../core/src/marketdata/merge-sources.ts';
import type { ReaderItem, TickSource } from '../../../core/src/marketdata/types.ts';
import { makeInstrument } from '../../../core/src/domain/instrument.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';

const base: TradeTick = {
  instrumentId: 'x',
  ts: 1_000,
  localTs: 1_000,
  price: 10,
  qty: 1,
  side: 'buy',
  tradeId: undefined,
};

describe('TickValidator', () => {
  it('rejects non-positive or non-finite prices and sizes', () => {
    const v = new TickValidator();
    expect(v.check({ ...base, price: 0 })).toBe('non_positive_price');
    expect(v.check({ ...base, price: -1 })).toBe('non_positive_price');
    expect(v.check({ ...base, price: Number.NaN })).toBe('non_positive_price');
    expect(v.check({ ...base, qty: 0 })).toBe('non_positive_size');
    expect(v.check({ ...base, qty: Number.POSITIVE_INFINITY })).toBe('non_positive_size');
    expect(v.check(base)).toBeUndefined();
  });

  it('rejects a trade id it has already seen but keeps identical rows without ids', () => {
    const v = new TickValidator();
    expect(v.check({ ...base, tradeId: 7 })).toBeUndefined();
    expect(v.check({ ...base, tradeId: 7 })).toBe('duplicate_trade_id');
    expect(v.check({ ...base, tradeId: 8 })).toBeUndefined();
    expect(v.check(base)).toBeUndefined();
    expect(v.check(base)).toBeUndefined();
  });

  it('rejects a trade whose event time goes backwards for its instrument only', () => {
    const v = new TickValidator();
    expect(v.check({ ...base, ts: 2_000 })).toBeUndefined();
    expect(v.check({ ...base, ts: 1_999 })).toBe('out_of_order');
    expect(v.check({ ...base, ts: 2_000 })).toBeUndefined();
    expect(v.check({ ...base, instrumentId: 'y', ts: 1_000 })).toBeUndefined();
  });
});

describe('TickValidator time plausibility', () => {
  it('refuses a trade a day past the previous one instead of letting it poison every later trade', () => {
    const v = new TickValidator();
    expect(v.check({ ...base, ts: 1_000 })).toBeUndefined();
    const corrupt = { ...base, ts: 1_000 + 25 * 3_600_000, localTs: 1_000 + 25 * 3_600_000 };
    expect(v.check(corrupt)).toBe('implausible_time');
    expect(v.check({ ...base, ts: 1_500, localTs: 1_500 })).toBeUndefined();
  });

  it('refuses event time that leads the local receive time by more than a minute', () => {
    const v = new TickValidator();
    expect(v.check({ ...base, ts: 200_000, localTs: 100_000 })).toBe('implausible_time');
    expect(v.check({ ...base, ts: 200_000, localTs: 199_000 })).toBeUndefined();
  });
});

function source(symbol: string, times: number[]): TickSource {
  const instrument = makeInstrument('test', 'spot', symbol);
  return {
    name: symbol,
    instrument,
    ignored: () => 0,
    items: function* (): Generator<ReaderItem> {
      for (const ts of times)
        yield { kind: 'trade', tick: { ...base, instrumentId: instrument.id, ts, localTs: ts } };
    },
  };
}

describe('mergeSources', () => {
  it('merges several sources in event-time order and breaks ties by source order', () => {
    const merged = [...mergeSources([source('A', [1, 3, 3, 9]), source('B', [0, 3, 4]), source('C', [])])];
    const order = merged.map((i) =>
      i.kind === 'trade' ? `${i.tick.instrumentId.slice(-1)}${i.tick.ts}` : '?',
    );
    expect(order).toEqual(['B0', 'A1', 'A3', 'A3', 'B3', 'B4', 'A9']);
  });
});
