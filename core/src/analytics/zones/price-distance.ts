/**
 * Distance from `price` to the band [low, high] as a fraction of `price`: 0 inside (edges included),
 * otherwise the gap to the nearer edge divided by price. Fractions keep distances comparable across
 * instruments whose prices differ by orders of magnitude.
 */
export function distanceFraction(low: number, high: number, price: number): number {
  if (price < low) return (low - price) / price;
  if (price > high) return (price - high) / price;
  return 0;
}

/** The band closest to `price` (first one wins on a tie, so callers order by preference). */
export function nearestBand<T>(
  items: readonly T[],
  price: number,
  bounds: (item: T) => readonly [low: number, high: number],
): { readonly item: T; readonly distance: number } | undefined {
  let best: { item: T; distance: number } | undefined;
  for (const item of items) {
    const [low, high] = bounds(item);
    const distance = distanceFraction(low, high, price);
    if (best === undefined || distance < best.distance) best = { item, distance };
  }
  return best;
}
