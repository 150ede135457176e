import type { PropFirmRuleSet } from '../../config/risk/prop-firm-config.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './week-clock.ts';

export type PropFirmBreach = 'daily_loss' | 'total_loss';

/** One account's running figures; all equities include floating P&L. */
export interface PropFirmAccountState {
  /** Trading-day number under the account's reset rule; null before the first observation. */
  dayKey: number | null;
  startOfDayEquity: number;
  /** Highest equity seen, never below the starting balance. */
  highWaterMark: number;
  lastEquity: number;
  breach: PropFirmBreach | null;
  breachedAt: number | null;
  profitTargetReached: boolean;
  paused: boolean;
}

/** Relative tolerance so a loss of exactly the limit counts despite binary rounding (far below a cent). */
const LIMIT_TOLERANCE = 1e-9;

export function initialAccountState(rules: PropFirmRuleSet): PropFirmAccountState {
  return {
    dayKey: null,
    startOfDayEquity: rules.startingBalance,
    highWaterMark: rules.startingBalance,
    lastEquity: rules.startingBalance,
    breach: null,
    breachedAt: null,
    profitTargetReached: false,
    paused: false,
  };
}

/** Number of the trading day containing `ts`: days start at `hour` on the clock at the configured offset. */
export function tradingDayKey(ts: number, rules: PropFirmRuleSet): number {
  const shift = rules.dayReset.utcOffsetMinutes * MS_PER_MINUTE - rules.dayReset.hour * MS_PER_HOUR;
  return Math.floor((ts + shift) / MS_PER_DAY);
}

/**
 * Moves the account to the observation's day and records the equity. The first day starts from the
 * starting balance; each later day from the last equity seen before the reset (the closest reading of the
 * equity at the boundary, floating P&L included).
 */
export function observeEquity(
  state: PropFirmAccountState,
  rules: PropFirmRuleSet,
  ts: number,
  equity: number,
): void {
  const key = tradingDayKey(ts, rules);
  if (state.dayKey === null) state.dayKey = key;
  else if (key > state.dayKey) {
    state.dayKey = key;
    state.startOfDayEquity = state.lastEquity;
  }
  state.lastEquity = equity;
  if (equity > state.highWaterMark) state.highWaterMark = equity;
}

/** Equity at or below which the daily loss limit is hit. */
export function dailyFloor(state: PropFirmAccountState, rules: PropFirmRuleSet): number {
  return lessPercent(state.startOfDayEquity, rules.maxDailyLossPercent);
}

/** Equity at or below which the total loss limit is hit: static, or trailing the high-water mark. */
export function totalFloor(state: PropFirmAccountState, rules: PropFirmRuleSet): number {
  const base = rules.trailingMaxLoss ? state.highWaterMark : rules.startingBalance;
  return lessPercent(base, rules.maxTotalLossPercent);
}

/** Equity at or above which the profit target is met, or null when the account has none. */
export function profitTargetEquity(rules: PropFirmRuleSet): number | null {
  if (rules.profitTargetPercent === null) return null;
  return rules.startingBalance + (rules.startingBalance * rules.profitTargetPercent) / 100;
}

/** True when equity reached the target, allowing binary rounding like the loss limits. */
export function reachedTarget(equity: number, target: number, rules: PropFirmRuleSet): boolean {
  return equity >= target - rules.startingBalance * LIMIT_TOLERANCE;
}

/** base minus pct% of it; subtracting the amount keeps round figures exact (100,000 -> 95,000). */
function lessPercent(base: number, percent: number): number {
  return base - (base * percent) / 100;
}

/** Which limit the equity reaches (a loss of exactly the limit breaches); total wins when both are hit. */
export function breachOf(
  state: PropFirmAccountState,
  rules: PropFirmRuleSet,
  equity: number,
): PropFirmBreach | null {
  const tolerance = rules.startingBalance * LIMIT_TOLERANCE;
  if (equity <= totalFloor(state, rules) + tolerance) return 'total_loss';
  if (equity <= dailyFloor(state, rules) + tolerance) return 'daily_loss';
  return null;
}
