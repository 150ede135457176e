import type { Candle } from '../../domain/candle.ts';
import type { TradeTick } from '../../domain/ticks.ts';

/**
 * Column buffers (struct of arrays) for rows waiting to be written. Appending is a handful of typed-array
 * stores; capacity doubles when full and is kept after `clear()`, so a steady flow allocates nothing.
 */

const INITIAL_CAPACITY = 1024;

function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

/** Side codes in the buffer; the index into `SIDE_VALUES` ('buy', 'sell'). */
export const SIDE_BUY = 0;
export const SIDE_SELL = 1;

export class TickBuffer {
  ts = new Float64Array(INITIAL_CAPACITY);
  price = new Float64Array(INITIAL_CAPACITY);
  qty = new Float64Array(INITIAL_CAPACITY);
  side = new Uint8Array(INITIAL_CAPACITY);
  length = 0;

  push(tick: TradeTick): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length;
    this.ts[i] = tick.ts;
    this.price[i] = tick.price;
    this.qty[i] = tick.qty;
    this.side[i] = tick.side === 'sell' ? SIDE_SELL : SIDE_BUY;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
  }

  get capacity(): number {
    return this.ts.length;
  }

  private grow(): void {
    const capacity = this.ts.length * 2;
    this.ts = grown(this.ts, capacity);
    this.price = grown(this.price, capacity);
    this.qty = grown(this.qty, capacity);
    this.side = grown(this.side, capacity);
  }
}

export class CandleBuffer {
  ts = new Float64Array(INITIAL_CAPACITY);
  open = new Float64Array(INITIAL_CAPACITY);
  high = new Float64Array(INITIAL_CAPACITY);
  low = new Float64Array(INITIAL_CAPACITY);
  close = new Float64Array(INITIAL_CAPACITY);
  volume = new Float64Array(INITIAL_CAPACITY);
  buyVolume = new Float64Array(INITIAL_CAPACITY);
  sellVolume = new Float64Array(INITIAL_CAPACITY);
  trades = new Int32Array(INITIAL_CAPACITY);
  buyTrades = new Int32Array(INITIAL_CAPACITY);
  sellTrades = new Int32Array(INITIAL_CAPACITY);
  length = 0;

  push(candle: Candle): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length;
    this.ts[i] = candle.openTime;
    this.open[i] = candle.open;
    this.high[i] = candle.high;
    this.low[i] = candle.low;
    this.close[i] = candle.close;
    this.volume[i] = candle.volume;
    this.buyVolume[i] = candle.buyVolume;
    this.sellVolume[i] = candle.sellVolume;
    this.trades[i] = candle.trades;
    this.buyTrades[i] = candle.buyTrades;
    this.sellTrades[i] = candle.sellTrades;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const capacity = this.ts.length * 2;
    this.ts = grown(this.ts, capacity);
    this.open = grown(this.open, capacity);
    this.high = grown(this.high, capacity);
    this.low = grown(this.low, capacity);
    this.close = grown(this.close, capacity);
    this.volume = grown(this.volume, capacity);
    this.buyVolume = grown(this.buyVolume, capacity);
    this.sellVolume = grown(this.sellVolume, capacity);
    this.trades = grown(this.trades, capacity);
    this.buyTrades = grown(this.buyTrades, capacity);
    this.sellTrades = grown(this.sellTrades, capacity);
  }
}
