import type { EngineHandle, EngineStats, TickObserver } from './engine-handle.ts';

/**
 * A stand-in engine that "processes" one synthetic tick per symbol every `tickMs` and counts them: enough
 * to watch shard ownership move between runners without market data.
 */
export class TickCounterEngineHandle implements EngineHandle {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private ticks = 0;

  constructor(
    private readonly venue: string,
    private readonly tickMs: number,
    private readonly now: () => number,
    private readonly onTick: TickObserver = () => undefined,
  ) {}

  start(): Promise<void> {
    return Promise.resolve();
  }

  addSymbol(symbol: string): Promise<void> {
    if (!this.timers.has(symbol)) {
      const timer = setInterval(() => {
        this.ticks++;
        this.onTick(symbol, this.now());
      }, this.tickMs);
      this.timers.set(symbol, timer);
    }
    return Promise.resolve();
  }

  removeSymbol(symbol: string): void {
    clearInterval(this.timers.get(symbol));
    this.timers.delete(symbol);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    for (const symbol of [...this.timers.keys()]) this.removeSymbol(symbol);
    return Promise.resolve();
  }

  stats(): EngineStats {
    return {
      venue: this.venue,
      symbols: [...this.timers.keys()].sort(),
      ticks: this.ticks,
      decisions: 0,
      orders: 0,
      openPositions: 0,
      reconnects: 0,
      errors: {},
      feedLagMs: null,
    };
  }
}
