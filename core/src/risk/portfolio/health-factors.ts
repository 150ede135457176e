import type { HealthConfig } from '../../config/risk/health-config.ts';
import type { Direction } from '../../domain/trading.ts';
import type { PortfolioPosition, Strategy } from './types.ts';

/**
 * The five factors of the portfolio health score (design 2.2.5 component 3), each a pure function that
 * returns its points out of `maxPoints`. The design gives the factors in words and one worked example:
 * -2.5% unrealized -> 15/30, "declining" quality -> 10/25, 4 correlated -> 5/20, 18 min average hold ->
 * 12/15, high volatility -> 5/10, total 47. Each mapping is the simplest one that reproduces its line.
 */

/** What the caller knows about one position's microstructure; null = no data yet (scores as neutral). */
export interface PositionQualityInput {
  /** Buy/sell volume ratio over the order-flow window (AnalyticsSnapshot orderFlow.imbalance30s). */
  readonly imbalance: number | null;
  /** Fractional volume change per candle (AnalyticsSnapshot regime.volumeTrend). */
  readonly volumeTrend: number | null;
  /** DEX pool liquidity steady (no evaporation); CEX books pass true. */
  readonly liquidityStable: boolean | null;
}

const NEUTRAL = 0.5;

/**
 * Unrealized P&L: 0 points at `zeroAt` (-5%) or worse, full at `fullAt` (0%) or better, linear between.
 * Why not linear from -5% to +5% as the design's bullets suggest: that gives -2.5% -> 7.5, and the design's
 * own example says 15. Zero at -5% and full from break-even up reproduces the example, and keeps both bullet
 * points true (-5% or worse = 0, +5% or better = 30): a flat or profitable book is not a health problem.
 */
export function unrealizedPnlPoints(
  totalUnrealizedPnl: number,
  equity: number,
  maxPoints: number,
  params: HealthConfig['unrealizedPnl'],
): number {
  if (!(equity > 0)) return 0;
  const share = (totalUnrealizedPnl / equity - params.zeroAt) / (params.fullAt - params.zeroAt);
  return maxPoints * clamp01(share);
}

/**
 * One position's health in [0, 1]: a weighted sum of three signals, each 1 (good), 0.5 (neutral or no data)
 * or 0 (bad). Flow: the imbalance read in the position's direction (1/imbalance for a short) is good at
 * >= `favourableImbalance`, bad at <= its inverse. Volume: trend above the dead band good, below it bad.
 * Liquidity: stable good, evaporating bad. Weights 0.3 / 0.3 / 0.4: liquidity weighs most because it decides
 * whether the position can be exited at all, and it makes the design's "declining" book (flow against,
 * volume falling, liquidity still stable) score 0.4 per position, i.e. 10/25.
 */
export function positionHealth(
  direction: Direction,
  input: PositionQualityInput | undefined,
  params: HealthConfig['quality'],
): number {
  const flow = flowSignal(direction, input?.imbalance ?? null, params.favourableImbalance);
  const volume = volumeSignal(input?.volumeTrend ?? null, params.volumeTrendDeadBand);
  const stable = input?.liquidityStable ?? null;
  const liquidity = stable === null ? NEUTRAL : stable ? 1 : 0;
  return params.flowWeight * flow + params.volumeWeight * volume + params.liquidityWeight * liquidity;
}

/** Position quality: the average position health times `maxPoints`; an empty book has nothing unhealthy. */
export function positionQualityPoints(
  positions: readonly PortfolioPosition[],
  quality: ReadonlyMap<string, PositionQualityInput>,
  maxPoints: number,
  params: HealthConfig['quality'],
): number {
  if (positions.length === 0) return maxPoints;
  let sum = 0;
  for (const p of positions) sum += positionHealth(p.direction, quality.get(p.positionId), params);
  return (maxPoints * sum) / positions.length;
}

/**
 * Concentration: `correlatedCount` is the largest group of open positions correlated above the threshold
 * (0.7) with each other or with the leader. Up to `maxCorrelated` (3, the design's "max 3 correlated")
 * scores full points; each position beyond costs `penaltyPerExcess` (15), floored at 0:
 * 0-3 -> 20, 4 -> 5 (the design's example), 5+ -> 0.
 */
export function concentrationPoints(
  correlatedCount: number,
  maxPoints: number,
  params: HealthConfig['concentration'],
): number {
  const excess = Math.max(0, correlatedCount - params.maxCorrelated);
  return Math.max(0, maxPoints - excess * params.penaltyPerExcess);
}

/**
 * One position's hold-time share, a step curve on its age against its strategy's max hold: fresh
 * (< 5 min) 1.0, within the limit 0.8, over it 0.2 ("penalty"), a meme coin over it 0 ("major penalty").
 * Steps rather than a slope because the design's bullets name exactly these bands, and a book whose
 * positions are all between 5 and 30 min old (average 18 min in the example) scores 0.8 -> 12/15.
 */
export function holdShare(
  position: PortfolioPosition,
  now: number,
  maxHoldMs: Readonly<Record<Strategy, number>>,
  params: HealthConfig['holdTimes'],
): number {
  const age = now - position.entryTime;
  if (age < params.freshMs) return params.freshShare;
  if (age < maxHoldMs[position.strategy]) return params.withinLimitShare;
  return position.strategy === 'meme' ? params.memeOverLimitShare : params.overLimitShare;
}

/** Hold times: the average hold share times `maxPoints`; an empty book scores full points. */
export function holdTimePoints(
  positions: readonly PortfolioPosition[],
  now: number,
  maxHoldMs: Readonly<Record<Strategy, number>>,
  maxPoints: number,
  params: HealthConfig['holdTimes'],
): number {
  if (positions.length === 0) return maxPoints;
  let sum = 0;
  for (const p of positions) sum += holdShare(p, now, maxHoldMs, params);
  return (maxPoints * sum) / positions.length;
}

/**
 * Market conditions: `volatilityRatio` is current volatility over its recent average (e.g. ATR% of the last
 * 1m candles over its 24 h mean). Full points at or below `calmRatio` (1x), 0 at or above `extremeRatio`
 * (3x), linear between: volatility at twice its average, "high volatility", scores 5/10. Unknown
 * volatility (warm-up) is no evidence of danger and scores full points.
 */
export function marketConditionPoints(
  volatilityRatio: number | null,
  maxPoints: number,
  params: HealthConfig['market'],
): number {
  if (volatilityRatio === null || !Number.isFinite(volatilityRatio)) return maxPoints;
  const share = (params.extremeRatio - volatilityRatio) / (params.extremeRatio - params.calmRatio);
  return maxPoints * clamp01(share);
}

function flowSignal(direction: Direction, imbalance: number | null, favourable: number): number {
  if (imbalance === null || !(imbalance >= 0)) return NEUTRAL;
  // 0 (sellers only) is the strongest reading there is: 1/0 = Infinity favours a short.
  const inDirection = direction === 'long' ? imbalance : 1 / imbalance;
  if (inDirection >= favourable) return 1;
  if (inDirection <= 1 / favourable) return 0;
  return NEUTRAL;
}

function volumeSignal(trend: number | null, deadBand: number): number {
  if (trend === null) return NEUTRAL;
  if (trend > deadBand) return 1;
  if (trend < -deadBand) return 0;
  return NEUTRAL;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
