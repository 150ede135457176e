import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/candle.ts';
import type { TradeTick } from '../../domain/ticks.ts';

/** Mutable bar under construction; frozen into a Candle when it closes. */
class OpenBar {
  openTime = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  buyVolume = 0;
  sellVolume = 0;
  buyTrades = 0;
  sellTrades = 0;

  start(openTime: number, tick: TradeTick): void {
    this.openTime = openTime;
    this.open = this.high = this.low = this.close = tick.price;
    this.volume = this.buyVolume = this.sellVolume = 0;
    this.buyTrades = this.sellTrades = 0;
    this.add(tick);
  }

  add(tick: TradeTick): void {
    const price = tick.price;
    if (price > this.high) this.high = price;
    if (price < this.low) this.low = price;
    this.close = price;
    this.volume += tick.qty;
    if (tick.side === 'buy') {
      this.buyVolume += tick.qty;
      this.buyTrades++;
    } else {
      this.sellVolume += tick.qty;
      this.sellTrades++;
    }
  }
}

/**
 * Builds one timeframe's candles from trades in event time. A bar closes on the first trade at or past its
 * end, or when the clock is flushed past it; minutes without trades produce no bar (no fake candles).
 */
export class CandleBuilder {
  private readonly durationMs: number;
  private readonly bar = new OpenBar();
  private isOpen = false;

  constructor(
    private readonly instrumentId: string,
    readonly timeframe: Timeframe,
  ) {
    this.durationMs = TIMEFRAME_MS[timeframe];
  }

  /** Adds the trade; returns the bar it closed, if any. Trades must arrive in event-time order. */
  onTick(tick: TradeTick): Candle | undefined {
    if (this.isOpen && tick.ts < this.bar.openTime + this.durationMs) {
      this.bar.add(tick);
      return undefined;
    }
    const closed = this.isOpen ? this.freeze() : undefined;
    this.bar.start(tick.ts - (tick.ts % this.durationMs), tick);
    this.isOpen = true;
    return closed;
  }

  /** Closes the open bar if its end is at or before `nowMs` (live timers); `Infinity` closes it always. */
  flush(nowMs: number): Candle | undefined {
    if (!this.isOpen || this.bar.openTime + this.durationMs > nowMs) return undefined;
    this.isOpen = false;
    return this.freeze();
  }

  /** The bar in progress, for analytics that read the live candle (never stored). */
  live(): Readonly<OpenBar> | undefined {
    return this.isOpen ? this.bar : undefined;
  }

  private freeze(): Candle {
    const b = this.bar;
    return {
      instrumentId: this.instrumentId,
      timeframe: this.timeframe,
      openTime: b.openTime,
      closeTime: b.openTime + this.durationMs,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      buyVolume: b.buyVolume,
      sellVolume: b.sellVolume,
      trades: b.buyTrades + b.sellTrades,
      buyTrades: b.buyTrades,
      sellTrades: b.sellTrades,
    };
  }
}
