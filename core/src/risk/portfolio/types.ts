import type { Direction, ExitReason } from '../../domain/trading.ts';

/** Trading style of a position; max hold times and health rules depend on it (design 2.2.5). */
export type Strategy = 'scalping' | 'meme' | 'arbitrage';

/** What the portfolio risk rules see of an open position, marked to the last trade. */
export interface PortfolioPosition {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly direction: Direction;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly entryTime: number;
  readonly lastPrice: number;
  /** Quote-currency P&L if closed at lastPrice, before exit fees. */
  readonly unrealizedPnl: number;
  readonly notional: number;
  readonly strategy: Strategy;
  /** Account the position belongs to (prop-firm rules are per account). */
  readonly accountId: string;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

/**
 * What a risk rule asks for. Rules never act themselves: the portfolio risk manager carries actions out
 * (closing through execution, tightening stops in the monitor, gating entries) and publishes them.
 */
export type RiskAction =
  | {
      readonly kind: 'close';
      readonly positionId: string;
      readonly reason: ExitReason;
      readonly detail: string;
    }
  | {
      readonly kind: 'tighten_stops';
      /** New trailing distance (e.g. 0.003); applies to the listed positions, or all when omitted. */
      readonly trailingDistance: number;
      readonly positionIds?: readonly string[];
      readonly reason: string;
    }
  | {
      readonly kind: 'block_entries';
      readonly scope: 'all' | { readonly accountId: string } | { readonly marketType: string };
      /** Event time entries resume, or null until explicitly allowed. */
      readonly until: number | null;
      readonly reason: string;
    }
  | {
      readonly kind: 'allow_entries';
      readonly scope: 'all' | { readonly accountId: string };
      readonly reason: string;
    }
  | {
      readonly kind: 'alert';
      readonly severity: AlertSeverity;
      readonly code: string;
      readonly message: string;
    };

/** The account as the risk manager sees it, marked to the last trades. */
export interface PortfolioView {
  equity(): number;
  positions(): readonly PortfolioPosition[];
}

/** What the manager can make happen; the session wires these to execution and the position monitor. */
export interface RiskEffects {
  /** False when the close could not be started (the venue refused it): the manager asks again later. */
  close(positionId: string, reason: ExitReason, detail: string, ts: number): boolean | void;
  tighten(trailingDistance: number, positionIds: readonly string[] | undefined): void;
}
