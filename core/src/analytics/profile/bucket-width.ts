/**
 * Price-bucket rule for the market profile: the width is the largest "nice" step (1, 2 or 5 x 10^k) not
 * above `bps` basis points of the reference price, fixed per instrument at its first trade so buckets never
 * shift under a running profile. Examples at 1 bp: BTC 61,837 → 5; ETH 2,681 → 0.2; EURUSD 1.1454 → 0.0001.
 */
export function bucketWidthFor(referencePrice: number, bps: number): number {
  const target = (referencePrice * bps) / 10_000;
  if (!(target > 0) || !Number.isFinite(target))
    throw new Error(`cannot size buckets for price ${referencePrice}`);
  const exponent = Math.floor(Math.log10(target));
  const base = 10 ** exponent;
  for (const step of [5, 2, 1]) {
    if (step * base <= target * (1 + 1e-12)) return roundStep(step * base, exponent);
  }
  return roundStep(base, exponent);
}

/** Strips binary noise such as 0.20000000000000004 so widths print and compare cleanly. */
function roundStep(value: number, exponent: number): number {
  const decimals = Math.max(0, -exponent);
  return Number(value.toFixed(decimals));
}
