import type { ExitReason } from '../../domain/trading.ts';

/** The report's `risk` section: what portfolio risk did during a run. */
export interface RiskReport {
  readonly health_min: number | null;
  readonly circuit_breaker_trips: number;
  readonly dump_exits: number;
  readonly correlation_exits: number;
  readonly max_hold_exits: number;
  readonly forced_exits: Readonly<Record<string, number>>;
  readonly breaker_levels: readonly number[];
}

export class RiskStats {
  private minHealth: number | null = null;
  private readonly exits = new Map<ExitReason, number>();
  private readonly levels: number[] = [];

  health(score: number): void {
    if (this.minHealth === null || score < this.minHealth) this.minHealth = score;
  }

  /** Counts a position closed for `reason` (only portfolio reasons end up in the report's counters). */
  exit(reason: ExitReason): void {
    this.exits.set(reason, (this.exits.get(reason) ?? 0) + 1);
  }

  breakerTrip(level: number): void {
    this.levels.push(level);
  }

  report(breakerTrips: number): RiskReport {
    return {
      health_min: this.minHealth,
      circuit_breaker_trips: breakerTrips,
      dump_exits: this.exits.get('dump_detected') ?? 0,
      correlation_exits: this.exits.get('correlated_dump') ?? 0,
      max_hold_exits: this.exits.get('max_hold') ?? 0,
      forced_exits: Object.fromEntries([...this.exits.entries()].sort(([a], [b]) => a.localeCompare(b))),
      breaker_levels: [...this.levels],
    };
  }
}
