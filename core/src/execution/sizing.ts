import { HARD_MAX_LEVERAGE } from '../config/execution-config.ts';

export interface SizingInput {
  readonly equity: number;
  /** Share of equity lost if the stop is hit (decisions.md #17: 0.02). */
  readonly riskFraction: number;
  /** Share of the risk budget the signal's tier uses (decisions.md #11: 0.5 / 0.75 / 1). */
  readonly riskMultiplier: number;
  readonly entryPrice: number;
  readonly stopPrice: number;
  readonly leverage: number;
  readonly maxLeverage?: number;
}

export interface PositionSizing {
  readonly quantity: number;
  /** Exposure: quantity × entry price. */
  readonly notional: number;
  /** Collateral the position ties up: notional / leverageUsed. This is the design's "position_size". */
  readonly margin: number;
  /** Loss at the stop before fees: notional × stop distance. */
  readonly riskAmount: number;
  /** Leverage the order is placed with: the configured one, never above the max. */
  readonly leverageUsed: number;
  readonly stopDistance: number;
}

/**
 * Fixed-fractional sizing at the stop distance (design 2.7.1.1), capped by leverage.
 *
 * The design's example reads: 10,000 equity, 2% risk = 200, 5x, "position_size = 200 / (0.005 × 5) = 8,000
 * notional; if stop hit: 8,000 × 0.005 × 5 = 200 loss". A 0.5% move on 8,000 of exposure loses 40, not 200;
 * the loss is 200 only if 8,000 is the margin and the exposure is 8,000 × 5 = 40,000. So the design's
 * "position_size" is the collateral: exposure = risk budget / stop distance = 40,000 (under the 5x cap of
 * 50,000), margin = 40,000 / 5 = 8,000, and a stop-out costs 40,000 × 0.005 = 8,000 × 0.005 × 5 = 200. Any
 * other reading either loses 0.4% of equity at the stop instead of the stated 2%, or contradicts itself.
 */
export function positionSize(input: SizingInput): PositionSizing {
  const { equity, entryPrice } = input;
  const leverageUsed = Math.min(input.leverage, input.maxLeverage ?? HARD_MAX_LEVERAGE, HARD_MAX_LEVERAGE);
  const stopDistance = entryPrice > 0 ? Math.abs(entryPrice - input.stopPrice) / entryPrice : 0;
  if (!(equity > 0) || !(entryPrice > 0) || !(leverageUsed > 0)) {
    return { quantity: 0, notional: 0, margin: 0, riskAmount: 0, leverageUsed, stopDistance };
  }
  const budget = equity * input.riskFraction * input.riskMultiplier;
  const leverageCapNotional = equity * leverageUsed;
  // A zero stop distance means unbounded risk-based size: the leverage cap alone decides.
  const riskNotional = stopDistance > 0 ? budget / stopDistance : Number.POSITIVE_INFINITY;
  const notional = Math.min(riskNotional, leverageCapNotional);
  return {
    quantity: notional / entryPrice,
    notional,
    margin: notional / leverageUsed,
    riskAmount: notional * stopDistance,
    leverageUsed,
    stopDistance,
  };
}
