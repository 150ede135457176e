import { describe, expect, it } from 'vitest';
import { LiveSymbols, type WarmUpFetch } from '../../../core/src/app/live/index.ts';
import type { Candle } from '../../../core/src/domain/candle.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';

const ID = 'binance-spot:BTCUSDT';

function tick(ts: number, tradeId: number): TradeTick {
  return { instrumentId: ID, ts, localTs: ts, price: 100, qty: 1, side: 'buy', tradeId };
}

function candle(openTime: number): Candle {
  return {
    instrumentId: ID,
    timeframe: '1m',
    openTime,
    closeTime: openTime + 60_000,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
    buyVolume: 0.5,
    sellVolume: 0.5,
    trades: 1,
    buyTrades: 0,
    sellTrades: 0,
  };
}

function setup() {
  const processed: number[] = [];
  const warmed: number[] = [];
  const pending: { until: number; answer: (candles: Candle[] | Error) => void }[] = [];
  const fetchWarmUp: WarmUpFetch = (_symbol, until) =>
    new Promise((resolve, reject) =>
      pending.push({
        until,
        answer: (c) => (c instanceof Error ? reject(c) : resolve({ ok: true, value: c })),
      }),
    );
  const symbols = new LiveSymbols({
    instrumentIdOf: (s) => `binance-spot:${s}`,
    fetchWarmUp,
    warmUp: (_id, c) => warmed.push(c.openTime),
    process: (t) => processed.push(t.tradeId as number),
    logger: new MemoryLogger(),
  });
  return { symbols, processed, warmed, pending };
}

describe('LiveSymbols', () => {
  it('warms up to the first trade, holds trades meanwhile, then releases them in order', async () => {
    const { symbols, processed, warmed, pending } = setup();
    symbols.add('BTCUSDT', true);
    symbols.onTick(tick(120_500, 1));
    symbols.onTick(tick(120_600, 2));
    expect(processed).toEqual([]);
    expect(pending.map((p) => p.until)).toEqual([120_500]);
    pending[0]?.answer([candle(0), candle(60_000)]);
    await symbols.settled();
    expect(warmed).toEqual([0, 60_000]);
    expect(processed).toEqual([1, 2]);
    symbols.onTick(tick(120_700, 3));
    expect(processed).toEqual([1, 2, 3]);
    expect(symbols.warmUps()[ID]).toMatchObject({ ok: true, candles_1m_used: 2, until_ms: 120_500 });
  });

  it('drops held trades of a symbol removed during warm-up and ignores its late history', async () => {
    const { symbols, processed, warmed, pending } = setup();
    symbols.add('BTCUSDT', true);
    symbols.onTick(tick(1_000, 1));
    symbols.remove('BTCUSDT');
    symbols.onTick(tick(1_100, 2));
    pending[0]?.answer([candle(0)]);
    await symbols.settled();
    expect(processed).toEqual([]);
    expect(warmed).toEqual([]);
    expect(symbols.droppedTicks()).toBe(2);
  });

  it('starts a symbol cold when its history cannot be fetched', async () => {
    const { symbols, processed, pending } = setup();
    symbols.add('BTCUSDT', true);
    symbols.onTick(tick(1_000, 1));
    pending[0]?.answer(new Error('klines down'));
    await symbols.settled();
    expect(processed).toEqual([1]);
    expect(symbols.warmUps()[ID]).toMatchObject({ ok: false, error: 'klines down' });
    expect(symbols.warmUpFailures()).toBe(1);
  });

  it('passes trades of a re-added symbol straight through without a second warm-up', () => {
    const { symbols, processed, pending } = setup();
    symbols.add('BTCUSDT', false);
    symbols.onTick(tick(1_000, 7));
    expect(processed).toEqual([7]);
    expect(pending).toEqual([]);
  });
});
