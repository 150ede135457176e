import type { Candle } from '../../domain/candle.ts';
import type { Direction } from '../../domain/trading.ts';
import type { ZoneView } from '../../events/analytics-snapshot.ts';
import type { DumpConfig } from '../../config/risk/dump-config.ts';

/**
 * Candle triggers of the dump detector (design 2.2.5 component 1), as pure functions of a closed-1m-candle
 * window. Codes are named for longs; shorts use the mirror (buy-heavy candles, higher highs and higher lows,
 * a break above the swing high, a lower-wick rejection at a demand zone).
 *
 * Pattern candles (the sell-heavy ones, the lower ones, the spike, the break, the rejection) must close after
 * entry (`closeTime > entryTime`), so the pullback a long was bought on cannot close it; reference values
 * (volume average, swing low, the candle before a lower high) may come from before entry. "Consecutive"
 * means consecutive bars received: a minute without trades has no bar (candle builder) and no volume either.
 */
export type CandleTrigger =
  'volume_reversal' | 'volume_spike_drop' | 'momentum_breakdown' | 'swing_low_break' | 'resistance_rejection';

export interface TriggerHit<T extends string = CandleTrigger> {
  readonly trigger: T;
  readonly detail: string;
}

/** The last closed 1m candles of one instrument; `back(0)` is the newest. */
export class CandleWindow {
  private readonly buf: Candle[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError(`capacity must be >= 2, got ${capacity}`);
  }

  get length(): number {
    return this.buf.length;
  }

  push(candle: Candle): void {
    if (this.buf.length < this.capacity) this.buf.push(candle);
    else {
      this.buf[this.head] = candle;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  back(k: number): Candle {
    const n = this.buf.length;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`candle ${k} back outside [0, ${n})`);
    return this.buf[(this.head + n - 1 - k) % n] as Candle;
  }
}

/** Candles the window must hold for every rule to be decidable (the current one included). */
export function windowCapacity(config: DumpConfig): number {
  const { volumeReversal, momentumBreak, volumeAverageCandles } = config;
  const previous = Math.max(
    volumeAverageCandles,
    momentumBreak.swingLookbackCandles,
    momentumBreak.lowerHighsCount,
  );
  return Math.max(previous + 1, volumeReversal.consecutiveCandles, 2);
}

/** Every candle trigger that fires on the newest candle of `window`, in a fixed order. */
export function candleTriggers(
  window: CandleWindow,
  direction: Direction,
  entryTime: number,
  zone: ZoneView | null,
  config: DumpConfig,
): TriggerHit[] {
  const hits: TriggerHit[] = [];
  const add = (trigger: CandleTrigger, detail: string | undefined): void => {
    if (detail !== undefined) hits.push({ trigger, detail });
  };
  const { volumeReversal: vr, momentumBreak: mb } = config;
  add('volume_reversal', volumeStreak(window, direction, entryTime, vr.consecutiveCandles, vr.sellBuyRatio));
  add('volume_spike_drop', spikeMove(window, direction, entryTime, config));
  add('momentum_breakdown', lowerHighsLows(window, direction, entryTime, mb.lowerHighsCount));
  if (mb.swingLowBreak) add('swing_low_break', swingBreak(window, direction, entryTime, config));
  add(
    'resistance_rejection',
    zoneRejection(window, direction, entryTime, zone, config.resistanceRejection.minWick),
  );
  return hits;
}

/** Long: sell volume > ratio × buy volume on each of the last `n` candles (short: buy over sell). */
export function volumeStreak(
  window: CandleWindow,
  direction: Direction,
  entryTime: number,
  n: number,
  ratio: number,
): string | undefined {
  if (window.length < n) return undefined;
  for (let k = 0; k < n; k++) {
    const c = window.back(k);
    const adverse = direction === 'long' ? c.sellVolume : c.buyVolume;
    const favourable = direction === 'long' ? c.buyVolume : c.sellVolume;
    if (c.closeTime <= entryTime || !(adverse > ratio * favourable)) return undefined;
  }
  return `${direction === 'long' ? 'sell > buy' : 'buy > sell'} volume on ${n} consecutive 1m candles`;
}

/** Average volume of the `n` candles before the newest; undefined until they exist or when it is zero. */
export function previousAverageVolume(window: CandleWindow, n: number): number | undefined {
  if (window.length < n + 1) return undefined;
  let sum = 0;
  for (let k = 1; k <= n; k++) sum += window.back(k).volume;
  return sum > 0 ? sum / n : undefined;
}

/** Volume >= multiple × average with an adverse close-vs-open move above `spikeMinMove`. */
export function spikeMove(
  window: CandleWindow,
  direction: Direction,
  entryTime: number,
  config: DumpConfig,
): string | undefined {
  const average = previousAverageVolume(window, config.volumeAverageCandles);
  if (average === undefined) return undefined;
  const c = window.back(0);
  const { spikeMultiple, spikeMinMove } = config.volumeReversal;
  // Bars open at the minute's first trade, so close vs open is the minute's move and needs no other candle.
  const adverseMove = (direction === 'long' ? c.open - c.close : c.close - c.open) / c.open;
  if (c.closeTime <= entryTime || c.volume < spikeMultiple * average || !(adverseMove > spikeMinMove))
    return undefined;
  return `1m volume ${(c.volume / average).toFixed(2)}x the ${config.volumeAverageCandles}-candle average with a ${pct(adverseMove)} adverse move`;
}

/** Long: each of the last `n` candles has a lower high and a lower low than its predecessor. */
export function lowerHighsLows(
  window: CandleWindow,
  direction: Direction,
  entryTime: number,
  n: number,
): string | undefined {
  if (window.length < n + 1) return undefined;
  const s = direction === 'long' ? 1 : -1;
  for (let k = 0; k < n; k++) {
    const c = window.back(k);
    const prev = window.back(k + 1);
    if (c.closeTime <= entryTime || !(s * (c.high - prev.high) < 0 && s * (c.low - prev.low) < 0))
      return undefined;
  }
  return direction === 'long'
    ? `${n} lower highs and lower lows on 1m`
    : `${n} higher highs and higher lows on 1m`;
}

/** Long: close below the lowest low of the previous candles, on volume above the average. */
export function swingBreak(
  window: CandleWindow,
  direction: Direction,
  entryTime: number,
  config: DumpConfig,
): string | undefined {
  const lookback = config.momentumBreak.swingLookbackCandles;
  const average = previousAverageVolume(window, config.volumeAverageCandles);
  if (average === undefined || window.length < lookback + 1) return undefined;
  const c = window.back(0);
  const long = direction === 'long';
  let swing = long ? Infinity : -Infinity;
  for (let k = 1; k <= lookback; k++) {
    const prev = window.back(k);
    swing = long ? Math.min(swing, prev.low) : Math.max(swing, prev.high);
  }
  const broken = long ? c.close < swing : c.close > swing;
  if (c.closeTime <= entryTime || !broken || !(c.volume > average)) return undefined;
  const what = long ? 'below the swing low' : 'above the swing high';
  return `close ${c.close} ${what} ${swing} (${lookback} candles) on ${(c.volume / average).toFixed(2)}x average volume`;
}

/** Long: the high reached into the supply zone and the upper wick exceeds `minWick` of the close. */
export function zoneRejection(
  window: CandleWindow,
  direction: Direction,
  entryTime: number,
  zone: ZoneView | null,
  minWick: number,
): string | undefined {
  if (zone === null || window.length === 0) return undefined;
  const c = window.back(0);
  const long = direction === 'long';
  if (c.closeTime <= entryTime || zone.zoneType !== (long ? 'supply' : 'demand')) return undefined;
  const reached = long ? c.high >= zone.priceLow : c.low <= zone.priceHigh;
  const wick = (long ? c.high - Math.max(c.open, c.close) : Math.min(c.open, c.close) - c.low) / c.close;
  if (!reached || !(wick > minWick)) return undefined;
  const side = long ? 'upper' : 'lower';
  return `${side} wick ${pct(wick)} rejected at ${zone.zoneType} ${zone.priceLow}-${zone.priceHigh}`;
}

export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
