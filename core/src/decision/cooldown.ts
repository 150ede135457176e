import type { Direction } from '../domain/trading.ts';

/**
 * Signal-spam guard: after a signal, none for the same instrument and direction until `cooldownMs` of event
 * time has passed (at exactly `cooldownMs` it is allowed again). Snapshots arrive every ~2 s, so one setup
 * would otherwise fire on every update while it lasts. One entry per instrument and direction: bounded.
 */
export class SignalCooldown {
  private readonly last = new Map<string, number>();

  constructor(private readonly cooldownMs: number) {}

  blocks(instrumentId: string, direction: Direction, ts: number): boolean {
    const at = this.last.get(key(instrumentId, direction));
    return at !== undefined && ts - at < this.cooldownMs;
  }

  record(instrumentId: string, direction: Direction, ts: number): void {
    this.last.set(key(instrumentId, direction), ts);
  }
}

function key(instrumentId: string, direction: Direction): string {
  return direction === 'long' ? `${instrumentId}|L` : `${instrumentId}|S`;
}
