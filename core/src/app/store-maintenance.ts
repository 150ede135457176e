import type { Logger } from '../ports/logger.ts';
import type { MarketDataStore } from '../ports/market-store.ts';

export interface MaintenancePolicy {
  /** Event-time interval between flushes (design: never per tick). */
  readonly flushEveryMs: number;
  /** Buffered rows that force a flush whatever the time. */
  readonly flushAtRows: number;
  /** Event-time interval of the retention cleanup (design 2.2.7: every 5 minutes). */
  readonly retentionEveryMs: number;
}

/** Live: flush every second so a crash loses at most a second of rows. */
export const LIVE_MAINTENANCE: MaintenancePolicy = {
  flushEveryMs: 1_000,
  flushAtRows: 50_000,
  retentionEveryMs: 300_000,
};

/**
 * Replay: days of event time pass in seconds and every flush commits to the symbol files, so flush by size
 * and once an hour of event time.
 */
export const REPLAY_MAINTENANCE: MaintenancePolicy = {
  flushEveryMs: 3_600_000,
  flushAtRows: 50_000,
  retentionEveryMs: 300_000,
};

/**
 * Schedules store writes and retention on event time, so replay and live flush and clean up the same way.
 * The caller asks `due(now)` on its hot path (two comparisons) and awaits `run(now)` only when it says so;
 * that await is also where a synchronous replay loop yields to the database.
 */
export class StoreMaintenance {
  private nextFlush: number | undefined;
  private nextRetention: number | undefined;
  private deleted = 0;

  constructor(
    private readonly store: MarketDataStore,
    private readonly policy: MaintenancePolicy,
    private readonly logger: Logger,
  ) {}

  due(nowMs: number): boolean {
    if (this.nextFlush === undefined || this.nextRetention === undefined) {
      this.nextFlush = nowMs + this.policy.flushEveryMs;
      this.nextRetention = nowMs + this.policy.retentionEveryMs;
    }
    return (
      nowMs >= this.nextFlush ||
      nowMs >= this.nextRetention ||
      this.store.pendingRows() >= this.policy.flushAtRows
    );
  }

  async run(nowMs: number): Promise<void> {
    if (nowMs >= (this.nextFlush ?? nowMs) || this.store.pendingRows() >= this.policy.flushAtRows) {
      this.nextFlush = nowMs + this.policy.flushEveryMs;
      await this.store.flush();
    }
    if (this.nextRetention !== undefined && nowMs >= this.nextRetention) {
      this.nextRetention = nowMs + this.policy.retentionEveryMs;
      const deleted = await this.store.applyRetention(nowMs);
      this.deleted += deleted;
      if (deleted > 0) this.logger.log('debug', 'retention removed expired rows', { deleted, nowMs });
    }
  }

  rowsDeleted(): number {
    return this.deleted;
  }
}
