import { describe, expect, it } from 'vitest';
import type { StoredPosition, TradeHistoryRecord } from '../../../core/src/ports/state-store.ts';
import { summarizeTrades, tradesCsv, utcDate } from '../../../functions/src/jobs/daily-summary.ts';
import { comparePositions } from '../../../functions/src/jobs/position-reconciler.ts';
import { selectTopLiquid } from '../../../functions/src/jobs/top-liquid.ts';

const trade = (positionId: string, symbol: string, pnl: number, fees: number): TradeHistoryRecord => ({
  exchange: 'binance',
  marketType: 'usdm',
  positionId,
  instrumentId: `binance-usdm:${symbol}`,
  symbol,
  direction: 'long',
  signalId: `sig-${positionId}`,
  entryTime: 1,
  entryPrice: 100,
  exitTime: 2,
  exitPrice: 101,
  quantity: 1,
  pnl,
  fees,
  pnlPercent: pnl,
  reason: 'take_profit' as TradeHistoryRecord['reason'],
});

describe('top-liquid selection', () => {
  it('keeps USDT quotes, drops stablecoin pairs and zero volume, ranks by quote volume', () => {
    const picked = selectTopLiquid(
      [
        { symbol: 'USDCUSDT', quoteVolume: 9e9 },
        { symbol: 'BTCFDUSD', quoteVolume: 8e9 },
        { symbol: 'ETHUSDT', quoteVolume: 2e9 },
        { symbol: 'BTCUSDT', quoteVolume: 3e9 },
        { symbol: 'EURUSDT', quoteVolume: 1e9 },
        { symbol: 'BONKUSDT', quoteVolume: 0 },
        { symbol: 'USDT', quoteVolume: 1e9 },
      ],
      15,
    );
    expect(picked.map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('cuts the list at the requested size', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ symbol: `T${i}USDT`, quoteVolume: 1000 - i }));
    expect(selectTopLiquid(many)).toHaveLength(15);
  });
});

describe('daily summary', () => {
  it('counts wins, win rate, net pnl, fees and per-symbol rows', () => {
    const summary = summarizeTrades('2026-11-24', [
      trade('p1', 'BTCUSDT', 10, 1),
      trade('p2', 'BTCUSDT', -4, 1),
      trade('p3', 'ETHUSDT', 2.5, 0.5),
      trade('p4', 'ETHUSDT', 0, 0.5),
    ]);
    expect(summary).toMatchObject({ trades: 4, wins: 2, losses: 2, winRate: 0.5, netPnl: 8.5, fees: 3 });
    expect(summary.grossPnl).toBe(11.5);
    expect(summary.bySymbol).toEqual([
      { symbol: 'BTCUSDT', trades: 2, wins: 1, netPnl: 6, fees: 2 },
      { symbol: 'ETHUSDT', trades: 2, wins: 1, netPnl: 2.5, fees: 1 },
    ]);
  });

  it('reports a day without trades as zeros, not NaN', () => {
    expect(summarizeTrades('2026-11-24', [])).toMatchObject({ trades: 0, winRate: 0, netPnl: 0 });
  });

  it('writes one CSV row per trade under a header', () => {
    const lines = tradesCsv([trade('p1', 'BTCUSDT', 10, 1)])
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^positionId,exchange,marketType,symbol/);
    expect(lines[1]).toContain('p1,binance,usdm,BTCUSDT,long');
  });

  it('formats UTC days', () => {
    expect(utcDate(Date.UTC(2026, 10, 24, 23, 59))).toBe('2026-11-24');
  });
});

describe('position comparison', () => {
  const stored = (id: string, instrumentId: string, direction: 'long' | 'short', quantity: number) =>
    ({ positionId: id, instrumentId, direction, quantity }) as StoredPosition;

  it('finds nothing when both sides agree, shorts included', () => {
    expect(
      comparePositions(
        [stored('a', 'binance-usdm:BTCUSDT', 'long', 0.5), stored('b', 'binance-usdm:ETHUSDT', 'short', 2)],
        [
          { instrumentId: 'binance-usdm:BTCUSDT', quantity: 0.5, entryPrice: 1 },
          { instrumentId: 'binance-usdm:ETHUSDT', quantity: -2, entryPrice: 1 },
        ],
      ),
    ).toEqual([]);
  });

  it('names positions missing on the venue, unknown ones and quantity differences', () => {
    const mismatches = comparePositions(
      [stored('a', 'binance-usdm:BTCUSDT', 'long', 0.5), stored('b', 'binance-usdm:ETHUSDT', 'long', 1)],
      [
        { instrumentId: 'binance-usdm:ETHUSDT', quantity: 0.4, entryPrice: 1 },
        { instrumentId: 'binance-usdm:SOLUSDT', quantity: -3, entryPrice: 1 },
      ],
    );
    expect(mismatches.map((m) => [m.instrumentId, m.kind])).toEqual([
      ['binance-usdm:BTCUSDT', 'missing_on_venue'],
      ['binance-usdm:ETHUSDT', 'quantity_mismatch'],
      ['binance-usdm:SOLUSDT', 'missing_locally'],
    ]);
  });

  it('treats a venue position opposite to ours as ours gone plus an unknown one', () => {
    const mismatches = comparePositions(
      [stored('a', 'binance-usdm:BTCUSDT', 'long', 0.5)],
      [{ instrumentId: 'binance-usdm:BTCUSDT', quantity: -0.5, entryPrice: 1 }],
    );
    expect(mismatches.map((m) => m.kind)).toEqual(['missing_locally', 'missing_on_venue']);
  });

  it('ignores differences within the 0.0001 quantity tolerance', () => {
    const within = comparePositions(
      [stored('a', 'binance-usdm:BTCUSDT', 'long', 0.5)],
      [{ instrumentId: 'binance-usdm:BTCUSDT', quantity: 0.50004, entryPrice: 1 }],
    );
    expect(within).toEqual([]);
  });
});
