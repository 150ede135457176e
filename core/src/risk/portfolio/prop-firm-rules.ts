import type { PropFirmRuleSet } from '../../config/risk/prop-firm-config.ts';
import { CloseRequests } from './close-requests.ts';
import type { EntryCheck } from './entry-check.ts';
import {
  breachOf,
  dailyFloor,
  initialAccountState,
  observeEquity,
  profitTargetEquity,
  reachedTarget,
  totalFloor,
  type PropFirmAccountState,
  type PropFirmBreach,
} from './prop-firm-account.ts';
import type { PortfolioPosition, RiskAction } from './types.ts';

export type { PropFirmBreach } from './prop-firm-account.ts';

export interface PropFirmStatus {
  readonly accountId: string;
  readonly firm: string;
  readonly paused: boolean;
  readonly breach: PropFirmBreach | null;
  readonly breachedAt: number | null;
  readonly profitTargetReached: boolean;
  readonly startOfDayEquity: number;
  readonly highWaterMark: number;
  readonly lastEquity: number;
  readonly dailyFloor: number;
  readonly totalFloor: number;
}

export interface PropFirmResult {
  /** The account's breach while it stands (it never clears), else null. */
  readonly breached: PropFirmBreach | null;
  /** New actions only: each is issued once, closes again after the retry interval if still open. */
  readonly actions: RiskAction[];
}

export const PROP_FIRM_REASONS = {
  paused: 'prop_firm_paused',
  news: 'prop_firm_news_trading',
  breach: 'prop_firm_breach',
  profitTarget: 'prop_firm_profit_target',
} as const;

interface Account {
  readonly rules: PropFirmRuleSet;
  readonly state: PropFirmAccountState;
  readonly closes: CloseRequests;
}

const NO_ACTIONS: PropFirmResult = { breached: null, actions: [] };

/**
 * Prop-firm rules per account (design 9.2/9.4): a loss of the daily limit from start-of-day equity, or of
 * the total limit from the starting balance (or the equity high-water mark when trailing), pauses the
 * account for good: every position closed, entries blocked until null, a critical alert. A failed
 * challenge does not recover, so nothing here lifts the pause; a new rule set starts a new account.
 */
export class PropFirmGuard {
  private readonly accounts = new Map<string, Account>();

  constructor(ruleSets: readonly PropFirmRuleSet[], options: { readonly closeRetryMs?: number } = {}) {
    for (const rules of ruleSets) {
      if (this.accounts.has(rules.accountId))
        throw new Error(`duplicate prop-firm account ${rules.accountId}`);
      const closes = new CloseRequests(options.closeRetryMs ?? 60_000);
      this.accounts.set(rules.accountId, { rules, state: initialAccountState(rules), closes });
    }
  }

  /**
   * Evaluates one equity reading (floating P&L included) of an account. `positions` may hold other
   * accounts' positions; only this account's are closed. Accounts without a rule set are not governed.
   */
  onEquity(
    accountId: string,
    ts: number,
    equity: number,
    positions: readonly PortfolioPosition[],
  ): PropFirmResult {
    const account = this.accounts.get(accountId);
    if (account === undefined) return NO_ACTIONS;
    if (!Number.isFinite(equity)) throw new Error(`non-finite equity ${equity} for ${accountId}`);
    const { rules, state } = account;
    observeEquity(state, rules, ts, equity);
    if (state.breach !== null) return { breached: state.breach, actions: closeAll(account, positions, ts) };
    const breach = breachOf(state, rules, equity);
    if (breach !== null)
      return { breached: breach, actions: this.onBreach(account, breach, ts, equity, positions) };
    return { breached: null, actions: checkProfitTarget(account, equity) };
  }

  /** Whether the account may open a position now; `newsWindow` comes from the caller's news calendar. */
  entryAllowed(accountId: string, newsWindow: boolean): EntryCheck {
    const account = this.accounts.get(accountId);
    if (account === undefined) return { allowed: true };
    if (account.state.paused) return { allowed: false, reason: PROP_FIRM_REASONS.paused };
    if (newsWindow && !account.rules.newsTradingAllowed)
      return { allowed: false, reason: PROP_FIRM_REASONS.news };
    return { allowed: true };
  }

  status(accountId: string): PropFirmStatus | undefined {
    const account = this.accounts.get(accountId);
    if (account === undefined) return undefined;
    const { rules, state } = account;
    return {
      accountId,
      firm: rules.firm,
      paused: state.paused,
      breach: state.breach,
      breachedAt: state.breachedAt,
      profitTargetReached: state.profitTargetReached,
      startOfDayEquity: state.startOfDayEquity,
      highWaterMark: state.highWaterMark,
      lastEquity: state.lastEquity,
      dailyFloor: dailyFloor(state, rules),
      totalFloor: totalFloor(state, rules),
    };
  }

  private onBreach(
    account: Account,
    breach: PropFirmBreach,
    ts: number,
    equity: number,
    positions: readonly PortfolioPosition[],
  ): RiskAction[] {
    const { rules, state } = account;
    state.breach = breach;
    state.breachedAt = ts;
    state.paused = true;
    const floor = breach === 'daily_loss' ? dailyFloor(state, rules) : totalFloor(state, rules);
    const message =
      `${rules.firm} account ${rules.accountId}: ${breach.replace('_', ' ')} limit reached, ` +
      `equity ${round2(equity)} <= floor ${round2(floor)}; account paused`;
    return [
      {
        kind: 'block_entries',
        scope: { accountId: rules.accountId },
        until: null,
        reason: PROP_FIRM_REASONS.breach,
      },
      ...closeAll(account, positions, ts),
      { kind: 'alert', severity: 'critical', code: PROP_FIRM_REASONS.breach, message },
    ];
  }
}

function closeAll(account: Account, positions: readonly PortfolioPosition[], ts: number): RiskAction[] {
  const accountId = account.rules.accountId;
  const actions: RiskAction[] = [];
  const open = new Set<string>();
  for (const p of positions) {
    if (p.accountId !== accountId) continue;
    open.add(p.positionId);
    if (!account.closes.due(p.positionId, ts)) continue;
    const detail = `${account.rules.firm} account ${accountId}: ${account.state.breach ?? 'breach'}`;
    actions.push({ kind: 'close', positionId: p.positionId, reason: 'prop_firm_breach', detail });
  }
  if (account.closes.size > open.size) account.closes.retainOnly(open);
  return actions;
}

/** Once per account: an info alert, and a pause when the rule set asks for one. */
function checkProfitTarget(account: Account, equity: number): RiskAction[] {
  const { rules, state } = account;
  const target = profitTargetEquity(rules);
  if (state.profitTargetReached || target === null || !reachedTarget(equity, target, rules)) return [];
  state.profitTargetReached = true;
  const message = `${rules.firm} account ${rules.accountId}: profit target reached, equity ${round2(equity)} >= ${round2(target)}`;
  const actions: RiskAction[] = [
    { kind: 'alert', severity: 'info', code: PROP_FIRM_REASONS.profitTarget, message },
  ];
  if (rules.pauseOnProfitTarget) {
    state.paused = true;
    const scope = { accountId: rules.accountId };
    actions.push({ kind: 'block_entries', scope, until: null, reason: PROP_FIRM_REASONS.profitTarget });
  }
  return actions;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
