/** Source of "now" in Unix ms. Replays drive it from event time; live uses the wall clock. */
export interface Clock {
  now(): number;
}

/** A clock the caller moves: the replay sets it to each input's receive time. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start = 0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
