import { assertPositiveInt, isRoundingNoise, NumberRing } from './number-ring.ts';

/**
 * Lag-1 autocorrelation of log returns (design 2.2.2 filter #3, 10 candles on 1m).
 * Keeps the last N log returns (so N + 1 closes) and returns the Pearson correlation of r[0..N-2] with
 * r[1..N-1], each side centred on its own mean (the textbook Pearson r of the N - 1 consecutive pairs, not the
 * ACF estimator with a shared mean, which is biased towards 0 on ten points).
 * Undefined until N returns exist, or when either side has zero variance (flat prices or a constant
 * growth rate: r is meaningless).
 * O(N) per close with N a small constant.
 */
export class LagOneAutocorrelation {
  private readonly returns: NumberRing;
  private prevClose: number | undefined;
  private current: number | undefined;

  constructor(readonly candles = 10) {
    assertPositiveInt('candles', candles, 3);
    this.returns = new NumberRing(candles);
  }

  /** r in [-1, 1], or undefined. */
  get value(): number | undefined {
    return this.current;
  }

  update(close: number): number | undefined {
    const prev = this.prevClose;
    this.prevClose = close;
    // A non-positive price has no log return; skip it rather than poison the window with NaN.
    if (prev === undefined || !(prev > 0) || !(close > 0)) return this.current;
    this.returns.push(Math.log(close / prev));
    this.current = this.returns.full ? lagOnePearson(this.returns) : undefined;
    return this.current;
  }
}

function lagOnePearson(r: NumberRing): number | undefined {
  const pairs = r.length - 1;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < pairs; i++) {
    meanX += r.at(i);
    meanY += r.at(i + 1);
  }
  meanX /= pairs;
  meanY /= pairs;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < pairs; i++) {
    const dx = r.at(i) - meanX;
    const dy = r.at(i + 1) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (isRoundingNoise(Math.sqrt(sxx / pairs), meanX) || isRoundingNoise(Math.sqrt(syy / pairs), meanY)) {
    return undefined;
  }
  // Clamp: rounding can push |r| a hair above 1 for perfectly (anti-)correlated input.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
