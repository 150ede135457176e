/**
 * Buy/sell volume ratio (decisions.md #6): null below `minTrades`; sell volume 0 gives the cap when there
 * is buy volume and null when there is none; ratios above the cap are clamped to it.
 */
export function imbalanceRatio(
  buyVolume: number,
  sellVolume: number,
  trades: number,
  minTrades: number,
  cap: number,
): number | null {
  if (trades < minTrades) return null;
  if (sellVolume <= 0) return buyVolume > 0 ? cap : null;
  const ratio = buyVolume / sellVolume;
  return ratio > cap ? cap : ratio;
}
