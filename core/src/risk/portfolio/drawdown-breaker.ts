import type { BreakerConfig } from '../../config/risk/breaker-config.ts';
import { worstFirst } from './position-ranking.ts';
import type { PortfolioPosition, RiskAction } from './types.ts';

const DAY_MS = 86_400_000;
/** Float slack so that a drawdown of exactly 4% computed as (start - equity) / start still reaches 4%. */
const EPSILON = 1e-12;

type LevelName = 'alert' | 'warning' | 'critical' | 'circuit_breaker';

interface Level {
  readonly name: LevelName;
  readonly threshold: number;
}

export interface DrawdownResult {
  /** The level (its threshold in percent, e.g. 4) that fired on this call; null when none did. */
  readonly level: number | null;
  /** Highest level reached today, fired now or earlier; null below the first level. */
  readonly activeLevel: number | null;
  /** Drawdown from the day's start equity in percent (4.2 = 4.2%); 0 when equity is above it. */
  readonly drawdownPercent: number;
  readonly startEquity: number;
  /** Event time entries resume (the next 00:00 UTC) while the breaker blocks them; else null. */
  readonly blockedUntil: number | null;
  readonly actions: RiskAction[];
}

export const BREAKER_BLOCK_REASON = 'circuit_breaker';

/**
 * Daily drawdown circuit breaker (design 2.2.5 component 4) on equity including unrealized P&L, against the
 * equity at 00:00 UTC of the event-time day. Levels: 2% alert; 3% close the worst half (unrealized P&L %,
 * rounded up); 4% close all; 5% close all and stop trading until the next 00:00 UTC. Entries are blocked
 * from 4% by default: the design's own example (-4.2%) and the issue's acceptance block there, its table only
 * at 5% (config `blockEntriesFrom`). Each level fires once per day; a jump past several levels fires only
 * the highest, whose actions include the lower ones'. O(1) per call unless a level fires.
 */
export class DrawdownBreaker {
  private readonly levels: readonly Level[];
  private day: number | null = null;
  private startEquity = 0;
  private lastEquity: number | null = null;
  private firedIndex = -1;
  private blockedUntil: number | null = null;
  private tripCount = 0;

  constructor(private readonly config: BreakerConfig) {
    const l = config.levels;
    this.levels = [
      { name: 'alert', threshold: l.alert },
      { name: 'warning', threshold: l.warning },
      { name: 'critical', threshold: l.critical },
      { name: 'circuit_breaker', threshold: l.circuitBreaker },
    ];
  }

  onEquity(ts: number, equity: number, positions: readonly PortfolioPosition[]): DrawdownResult {
    this.rollDay(ts, equity);
    this.lastEquity = equity;
    const drawdown = this.startEquity > 0 ? Math.max(0, (this.startEquity - equity) / this.startEquity) : 0;
    const reached = this.reachedIndex(drawdown);
    let actions: RiskAction[] = [];
    let fired: number | null = null;
    if (reached > this.firedIndex) {
      this.firedIndex = reached;
      actions = this.fire(reached, drawdown, positions);
      fired = percent(this.levels[reached]?.threshold ?? 0);
    }
    const active = this.levels[this.firedIndex];
    return {
      level: fired,
      activeLevel: active ? percent(active.threshold) : null,
      drawdownPercent: drawdown * 100,
      startEquity: this.startEquity,
      blockedUntil: this.blockedUntil,
      actions,
    };
  }

  /** Days on which the breaker blocked entries (report `risk.circuit_breaker_trips`). */
  trips(): number {
    return this.tripCount;
  }

  /**
   * The day's start equity is the equity as it stood at 00:00 UTC: the last value seen before the boundary
   * (equity only changes at events), or the first value seen when the breaker starts mid-day.
   */
  private rollDay(ts: number, equity: number): void {
    const day = Math.floor(ts / DAY_MS);
    if (this.day !== null && day <= this.day) return;
    this.startEquity = this.day === null ? equity : (this.lastEquity ?? equity);
    this.day = day;
    this.firedIndex = -1;
    this.blockedUntil = null;
  }

  private reachedIndex(drawdown: number): number {
    let index = -1;
    this.levels.forEach((level, i) => {
      if (drawdown + EPSILON >= level.threshold) index = i;
    });
    return index;
  }

  private fire(index: number, drawdown: number, positions: readonly PortfolioPosition[]): RiskAction[] {
    const level = this.levels[index];
    if (!level) return [];
    const text = `daily drawdown ${(drawdown * 100).toFixed(2)}% >= ${percent(level.threshold)}%`;
    const actions: RiskAction[] = [];
    if (level.name === 'warning') {
      const count = Math.ceil(positions.length * this.config.closeShareAtWarning);
      actions.push(
        ...closeAll(worstFirst(positions).slice(0, count), `${text}: worst ${count} of ${positions.length}`),
      );
    } else if (level.name !== 'alert') {
      actions.push(...closeAll(worstFirst(positions), `${text}: close all`));
    }
    if (this.blocks(level.name) && this.blockedUntil === null) {
      this.blockedUntil = ((this.day ?? 0) + 1) * DAY_MS;
      this.tripCount += 1;
      actions.push({
        kind: 'block_entries',
        scope: 'all',
        until: this.blockedUntil,
        reason: BREAKER_BLOCK_REASON,
      });
    }
    const severity = level.name === 'alert' || level.name === 'warning' ? 'warning' : 'critical';
    actions.push({ kind: 'alert', severity, code: `drawdown_${level.name}`, message: text });
    return actions;
  }

  private blocks(name: LevelName): boolean {
    if (name === 'circuit_breaker') return true;
    return name === 'critical' && this.config.blockEntriesFrom === 'critical';
  }
}

function closeAll(positions: readonly PortfolioPosition[], detail: string): RiskAction[] {
  return positions.map((p): RiskAction => ({
    kind: 'close',
    positionId: p.positionId,
    reason: 'circuit_breaker',
    detail,
  }));
}

/** 0.05 -> 5, not 5.000000000000001. */
function percent(fraction: number): number {
  return Math.round(fraction * 1e8) / 1e6;
}
