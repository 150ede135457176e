import type { ForexSessionsConfig } from '../../config/risk/sessions-config.ts';
import { marketTypeOf } from '../../config/execution-config.ts';
import { CloseRequests } from './close-requests.ts';
import type { EntryCheck } from './entry-check.ts';
import type { PortfolioPosition, RiskAction } from './types.ts';
import { utcHourOfDay, WeeklySchedule } from './week-clock.ts';

export type { EntryCheck } from './entry-check.ts';

/** Stable reason codes for blocked entries. */
export const SESSION_REASONS = {
  preClose: 'forex_pre_close',
  marketClosed: 'forex_market_closed',
} as const;

/**
 * Forex session rules (design 2.2.5 part 5, decisions.md #18): no new entries and every governed position
 * closed from `preCloseMinutes` before the weekly close until the market reopens. Governed means the
 * instrument's market type (from its id, `oanda-forex:EURUSD` -> forex) is in `config.marketTypes`;
 * crypto is 24/7 and never touched. Sessions (Tokyo, London, New York) are reported, not enforced: forex
 * trades 24/5 and entries between sessions are allowed.
 */
export class ForexSessionManager {
  private readonly schedule: WeeklySchedule;
  /** For each UTC hour, the sessions open during it. */
  private readonly sessionsByHour: readonly (readonly string[])[];
  private readonly governedCache = new Map<string, boolean>();
  private readonly closeRequests: CloseRequests;
  private readonly marketTypes: ReadonlySet<string>;
  /** Reopen time the entry block was issued for, so it is issued once per closed period. */
  private blockIssuedUntil: number | null = null;

  constructor(private readonly config: ForexSessionsConfig) {
    this.schedule = new WeeklySchedule(config.weeklyClose, config.weeklyOpen, config.preCloseMinutes);
    this.sessionsByHour = Array.from({ length: 24 }, (_, hour) =>
      config.sessions.filter((s) => sessionCovers(s.openHour, s.closeHour, hour)).map((s) => s.name),
    );
    this.closeRequests = new CloseRequests(config.closeRetryMs);
    this.marketTypes = new Set(config.marketTypes);
  }

  /** Sessions open at `ts`, in config order; none while the market is closed for the weekend. */
  activeSessions(ts: number): string[] {
    if (this.schedule.phase(ts) === 'closed') return [];
    return [...(this.sessionsByHour[utcHourOfDay(ts)] ?? [])];
  }

  entryAllowed(instrumentId: string, ts: number): EntryCheck {
    if (!this.governs(instrumentId)) return { allowed: true };
    const phase = this.schedule.phase(ts);
    if (phase === 'pre_close') return { allowed: false, reason: SESSION_REASONS.preClose };
    if (phase === 'closed') return { allowed: false, reason: SESSION_REASONS.marketClosed };
    return { allowed: true };
  }

  /**
   * Inside the pre-close window or the weekend: one entry block per governed market type (until the
   * reopen) and a close for each governed position, repeated only after `closeRetryMs`. The block lapses
   * on its own at `until`; no allow action is needed.
   */
  check(positions: readonly PortfolioPosition[], ts: number): RiskAction[] {
    const phase = this.schedule.phase(ts);
    if (phase === 'open') {
      if (this.closeRequests.size > 0) this.closeRequests.clear();
      return [];
    }
    const actions: RiskAction[] = [];
    const reopen = this.schedule.nextOpen(ts);
    if (this.blockIssuedUntil !== reopen) {
      this.blockIssuedUntil = reopen;
      const reason = phase === 'pre_close' ? SESSION_REASONS.preClose : SESSION_REASONS.marketClosed;
      for (const marketType of this.config.marketTypes) {
        actions.push({ kind: 'block_entries', scope: { marketType }, until: reopen, reason });
      }
    }
    this.closeGoverned(positions, ts, phase, actions);
    return actions;
  }

  private closeGoverned(
    positions: readonly PortfolioPosition[],
    ts: number,
    phase: 'pre_close' | 'closed',
    out: RiskAction[],
  ): void {
    const open = new Set<string>();
    for (const p of positions) {
      if (!this.governs(p.instrumentId)) continue;
      open.add(p.positionId);
      if (!this.closeRequests.due(p.positionId, ts)) continue;
      const detail =
        phase === 'pre_close'
          ? `${p.instrumentId}: within ${this.config.preCloseMinutes} min of the weekly close`
          : `${p.instrumentId}: market closed until the weekly open`;
      out.push({ kind: 'close', positionId: p.positionId, reason: 'session_close', detail });
    }
    if (this.closeRequests.size > open.size) this.closeRequests.retainOnly(open);
  }

  private governs(instrumentId: string): boolean {
    let governed = this.governedCache.get(instrumentId);
    if (governed === undefined) {
      const marketType = marketTypeOf(instrumentId);
      governed = marketType !== undefined && this.marketTypes.has(marketType);
      this.governedCache.set(instrumentId, governed);
    }
    return governed;
  }
}

/** A session with closeHour <= openHour runs past midnight (e.g. Sydney 22-07). */
function sessionCovers(openHour: number, closeHour: number, hour: number): boolean {
  return openHour < closeHour ? hour >= openHour && hour < closeHour : hour >= openHour || hour < closeHour;
}
