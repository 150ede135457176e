import { createHash, type Hash } from 'node:crypto';
import type { EngineEvent, EventType } from '../events/events.ts';

/**
 * Serialises events as JSON lines and hashes them as they pass, so two runs can be compared byte for byte
 * without keeping the log in memory. `sink` receives each line (a file writer, or nothing).
 */
export class EventLogRecorder {
  private readonly hash: Hash = createHash('sha256');
  private readonly counts = new Map<EventType, number>();
  private total = 0;

  constructor(
    private readonly include: (type: EventType) => boolean,
    private readonly sink: ((line: string) => void) | undefined = undefined,
  ) {}

  record(event: EngineEvent): void {
    if (!this.include(event.type)) return;
    this.counts.set(event.type, (this.counts.get(event.type) ?? 0) + 1);
    const line = JSON.stringify(event) + '\n';
    this.hash.update(line);
    this.total++;
    this.sink?.(line);
  }

  /** Number of events written to the log. */
  get logged(): number {
    return this.total;
  }

  countsByType(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  digest(): string {
    return this.hash.copy().digest('hex');
  }
}
