/** Produces unique ids. Deterministic implementations make replays byte-identical. */
export interface IdGenerator {
  next(prefix: string): string;
}

/** `prefix-<n>` with one counter per generator: the same sequence of calls gives the same ids. */
export class SequentialIds implements IdGenerator {
  private counter = 0;
  constructor(private readonly namespace = '') {}
  next(prefix: string): string {
    this.counter += 1;
    return this.namespace ? `${this.namespace}-${prefix}-${this.counter}` : `${prefix}-${this.counter}`;
  }
}
