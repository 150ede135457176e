import { assertPositiveInt, NumberRing } from './number-ring.ts';

/** A close this many band standard deviations from the band mean is a displacement (design: 2 sigma). */
export const DISPLACEMENT_SIGMAS = 2;
/** Price is back once it is within this many sigmas of the displacement-time mean, or across it. */
export const RETURN_SIGMAS = 1;

export interface MeanReversionOptions {
  /** Closes in which displacement events are looked for (design: analyse the recent past). */
  readonly lookback?: number;
  /** Closes in each rolling mean / sigma band, Bollinger-style (includes the displaced close itself); >= 6. */
  readonly bandPeriod?: number;
  /** Candles allowed for the return; later returns score 0. */
  readonly horizon?: number;
}

export interface MeanReversionResult {
  /** Average event score in [0, 1]; 0 when there were no scored events. */
  readonly strength: number;
  /** Events that were scored (horizon elapsed or price returned). */
  readonly events: number;
}

/**
 * Mean reversion strength (design 2.3.1: "speed of return to the recent mean after a 2 sigma deviation"):
 * - For each close c_t among the last `lookback` closes that has a full band, m_t and s_t are the mean and
 *   population sigma of the `bandPeriod` closes ending at t.
 * - c_t is a displacement event when s_t > 0 and |c_t - m_t| > 2 s_t; d = sign(c_t - m_t).
 * - The event reverts at the first k in 1..H (H = `horizon`) with d (c_{t+k} - m_t) <= 1 s_t, i.e. back
 *   within 1 sigma of the mean or across it. The band is frozen at t on purpose: measured against a rolling
 *   band, a trend would look like reversion as the mean catches up with price.
 * - Score = 1 - (k - 1) / H when it reverts (next candle = 1), 0 when H candles pass without a return.
 *   Events whose horizon has not elapsed and that have not reverted yet are left out, not counted as 0.
 * - Strength = mean score of the scored events; 0 without events (no evidence of snapping back).
 * `closes` is oldest first; only its last `lookback + bandPeriod - 1` entries can matter.
 */
export function meanReversionStrength(
  closes: readonly number[],
  lookback: number,
  bandPeriod: number,
  horizon: number,
): MeanReversionResult {
  const first = Math.max(bandPeriod - 1, closes.length - lookback);
  let total = 0;
  let events = 0;
  for (let t = first; t < closes.length; t++) {
    const score = scoreEvent(closes, t, bandPeriod, horizon);
    if (score === undefined) continue;
    total += score;
    events++;
  }
  return { strength: events > 0 ? total / events : 0, events };
}

/** Score of the candle at t, or undefined when it is not an event or its outcome is still open. */
function scoreEvent(
  c: readonly number[],
  t: number,
  bandPeriod: number,
  horizon: number,
): number | undefined {
  const { mean, sigma } = band(c, t, bandPeriod);
  const displacement = (c[t] as number) - mean;
  if (!(sigma > 0) || Math.abs(displacement) <= DISPLACEMENT_SIGMAS * sigma) return undefined;
  const d = Math.sign(displacement);
  for (let k = 1; k <= horizon; k++) {
    const later = c[t + k];
    if (later === undefined) return undefined;
    if (d * (later - mean) <= RETURN_SIGMAS * sigma) return 1 - (k - 1) / horizon;
  }
  return 0;
}

/** Two-pass mean / population sigma: prices are large and close together, so one-pass sums would cancel. */
function band(c: readonly number[], t: number, period: number): { mean: number; sigma: number } {
  let mean = 0;
  for (let i = t - period + 1; i <= t; i++) mean += c[i] as number;
  mean /= period;
  let ss = 0;
  for (let i = t - period + 1; i <= t; i++) ss += ((c[i] as number) - mean) ** 2;
  return { mean, sigma: Math.sqrt(ss / period) };
}

/**
 * Streaming wrapper around `meanReversionStrength`. Recomputes the whole window on each close,
 * O(lookback * (bandPeriod + horizon)) ~ 2,500 operations with the defaults: negligible at one update per
 * 15m candle, and simpler and more exact than maintaining per-event state incrementally.
 */
export class MeanReversionStrength {
  readonly lookback: number;
  readonly bandPeriod: number;
  readonly horizon: number;
  private readonly closes: NumberRing;
  private current: MeanReversionResult | undefined;

  constructor(options: MeanReversionOptions = {}) {
    this.lookback = options.lookback ?? 100;
    this.bandPeriod = options.bandPeriod ?? 20;
    this.horizon = options.horizon ?? 5;
    // A close inside its own band of P closes is at most sqrt(P - 1) sigmas from the mean, so P <= 5 could
    // never produce a 2 sigma event and the strength would silently read 0 forever.
    assertPositiveInt('bandPeriod', this.bandPeriod, 6);
    assertPositiveInt('lookback', this.lookback, this.bandPeriod);
    assertPositiveInt('horizon', this.horizon);
    this.closes = new NumberRing(this.lookback + this.bandPeriod - 1);
  }

  /** Strength in [0, 1]; undefined until `lookback` closes have been seen. */
  get value(): number | undefined {
    return this.current?.strength;
  }

  /** Number of scored displacement events behind `value`. */
  get events(): number | undefined {
    return this.current?.events;
  }

  update(close: number): number | undefined {
    this.closes.push(close);
    if (this.closes.length < this.lookback) return undefined;
    this.current = meanReversionStrength(this.closes.toArray(), this.lookback, this.bandPeriod, this.horizon);
    return this.current.strength;
  }
}
