import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Side, TradeTick } from '../../core/src/domain/ticks.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const BTC_TAPE = resolve(
  REPO,
  'data/tapes/binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv',
);
export const ETH_TAPE = resolve(
  REPO,
  'data/tapes/binance-spot_ETHUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv',
);

/** Straightforward CSV parse used as an independent reference by tests (no engine code involved). */
export function loadTape(path: string, instrumentId: string): TradeTick[] {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [ts, price, qty, side] = line.split(',');
    return {
      instrumentId,
      ts: Number(ts),
      localTs: Number(ts),
      price: Number(price),
      qty: Number(qty),
      side: side as Side,
      tradeId: undefined,
    };
  });
}

export function tick(
  ts: number,
  price: number,
  qty: number,
  side: Side,
  instrumentId = 'test-spot:TEST',
): TradeTick {
  return { instrumentId, ts, localTs: ts, price, qty, side, tradeId: undefined };
}
