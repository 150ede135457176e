import type { IdGenerator } from '../../ports/ids.ts';

/**
 * Ids that never repeat across restarts: `<prefix>-<run>-<n>`. The prefix stays first so reconciliation
 * still recognises our client order ids by their `cl-` start; the run part (base-36 start time) keeps a
 * restarted engine from reusing a client order id the venue has already seen. Binance allows 36 characters.
 */
export class RunScopedIds implements IdGenerator {
  private counter = 0;
  readonly run: string;

  constructor(startedAtMs: number) {
    this.run = Math.floor(startedAtMs).toString(36);
  }

  next(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.run}-${this.counter}`;
  }
}
