import type { Logger } from '../ports/logger.ts';
import type { RejectReason } from '../marketdata/types.ts';

/**
 * Counts refused input per reason and logs the first occurrence of each (instrument, reason) with its
 * context; later ones are only counted, so a bad feed cannot flood the log.
 */
export class RejectCounter {
  private readonly counts = new Map<RejectReason, number>();
  private readonly logged = new Set<string>();

  constructor(private readonly logger: Logger) {}

  count(reason: RejectReason, instrumentId: string, context: Readonly<Record<string, unknown>>): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    const key = `${instrumentId}|${reason}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.logger.log('warn', `rejected input: ${reason} (further ones are counted, not logged)`, {
      instrumentId,
      reason,
      ...context,
    });
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
