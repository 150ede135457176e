/**
 * Remembers which positions a rule already asked to close, so a rule evaluated on every tick asks once
 * and asks again only after `retryMs` of event time (the first close may have been rejected).
 */
export class CloseRequests {
  private readonly askedAt = new Map<string, number>();

  constructor(private readonly retryMs: number) {}

  /** True when a close should be requested now; records the request. */
  due(positionId: string, ts: number): boolean {
    const last = this.askedAt.get(positionId);
    if (last !== undefined && ts - last < this.retryMs) return false;
    this.askedAt.set(positionId, ts);
    return true;
  }

  /** Forgets positions that are no longer open, so memory follows the open book. */
  retainOnly(openIds: ReadonlySet<string>): void {
    for (const id of this.askedAt.keys()) if (!openIds.has(id)) this.askedAt.delete(id);
  }

  clear(): void {
    this.askedAt.clear();
  }

  get size(): number {
    return this.askedAt.size;
  }
}
