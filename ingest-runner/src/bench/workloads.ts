import { readFileSync } from 'node:fs';
import { parseTradeTape } from '@engine/core/adapters/files/trade-tape';
import { makeInstrument } from '@engine/core/domain/instrument';
import type { TradeTick } from '@engine/core/domain/ticks';
import { mulberry32 } from '@engine/core/marketdata/candle-expander';

/**
 * A workload is a columnar stream: ticks are materialised one at a time inside the measured loop, as a
 * live parser would create them, so the benchmark does not hold millions of tick objects in the heap.
 */
export interface Workload {
  readonly length: number;
  readonly instrumentIds: readonly string[];
  tick(i: number): TradeTick;
}

class ColumnarWorkload implements Workload {
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
  readonly buy: Uint8Array;
  readonly symbol: Uint16Array;
  readonly tradeId: Float64Array;

  constructor(
    readonly length: number,
    readonly instrumentIds: readonly string[],
  ) {
    this.ts = new Float64Array(length);
    this.price = new Float64Array(length);
    this.qty = new Float64Array(length);
    this.buy = new Uint8Array(length);
    this.symbol = new Uint16Array(length);
    this.tradeId = new Float64Array(length).fill(Number.NaN);
  }

  tick(i: number): TradeTick {
    const id = this.tradeId[i] as number;
    const ts = this.ts[i] as number;
    return {
      instrumentId: this.instrumentIds[this.symbol[i] as number] as string,
      ts,
      localTs: ts,
      price: this.price[i] as number,
      qty: this.qty[i] as number,
      side: this.buy[i] ? 'buy' : 'sell',
      tradeId: Number.isNaN(id) ? undefined : id,
    };
  }
}

/**
 * The bundled real tapes merged in time order and repeated back to back (each copy shifted past the
 * previous one) until `minTicks`, so a measurement is long enough to be stable while every trade is real.
 */
export function bundledTapes(
  paths: readonly (readonly [string, 'spot' | 'usdm', string])[],
  minTicks: number,
): Workload {
  const ticks: TradeTick[] = [];
  for (const [path, market, symbol] of paths) {
    const instrument = makeInstrument('binance', market, symbol);
    for (const item of parseTradeTape(readFileSync(path), instrument, path))
      if (item.kind === 'trade') ticks.push(item.tick);
  }
  ticks.sort((a, b) => a.ts - b.ts);
  const ids = [...new Set(ticks.map((t) => t.instrumentId))];
  const first = ticks[0]?.ts ?? 0;
  const span = (ticks[ticks.length - 1]?.ts ?? 0) - first + 1_000;
  const copies = Math.ceil(minTicks / ticks.length);
  const w = new ColumnarWorkload(copies * ticks.length, ids);
  let k = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const t of ticks) {
      w.ts[k] = t.ts + copy * span;
      w.price[k] = t.price;
      w.qty[k] = t.qty;
      w.buy[k] = t.side === 'buy' ? 1 : 0;
      w.symbol[k] = ids.indexOf(t.instrumentId);
      k++;
    }
  }
  return w;
}

/**
 * A seeded random-walk stream over `symbols` instruments, interleaved in event time: `ticksPerSymbol`
 * trades each over `spanMs`, so every window reaches steady state when spanMs exceeds 15 minutes.
 */
export function syntheticStream(
  symbols: number,
  ticksPerSymbol: number,
  spanMs: number,
  seed = 42,
): Workload {
  const random = mulberry32(seed);
  const ids = Array.from(
    { length: symbols },
    (_, i) => makeInstrument('synthetic', 'spot', `SYM${i}USDT`).id,
  );
  const prices = ids.map((_, i) => 10 + i * 3.7);
  const total = symbols * ticksPerSymbol;
  const step = spanMs / total;
  const w = new ColumnarWorkload(total, ids);
  for (let k = 0; k < total; k++) {
    const s = k % symbols;
    const move = (random() - 0.5) * 0.001;
    prices[s] = (prices[s] as number) * (1 + move);
    w.ts[k] = 1_700_000_000_000 + Math.floor(k * step);
    w.price[k] = Number((prices[s] as number).toFixed(6));
    w.qty[k] = Number((0.001 + random() * random() * 5).toFixed(5));
    w.buy[k] = move >= 0 ? 1 : 0;
    w.symbol[k] = s;
    w.tradeId[k] = Math.floor(k / symbols);
  }
  return w;
}
