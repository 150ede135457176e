/** What the runner needs from a trading engine: symbols come and go as shard leases move. */
export interface EngineStats {
  readonly venue: string;
  readonly symbols: readonly string[];
  readonly ticks: number;
  readonly decisions: number;
  readonly orders: number;
  readonly openPositions: number;
  readonly reconnects: number;
  readonly errors: Readonly<Record<string, number>>;
  /** Local receive time minus venue event time of the latest tick; null when not meaningful (replay). */
  readonly feedLagMs: number | null;
}

export interface EngineHandle {
  /** Warm-up: open stores, connect, load history; trades nothing yet. */
  start(symbols: readonly string[]): Promise<void>;
  addSymbol(symbol: string): Promise<void>;
  /** Stops the symbol synchronously: no tick of it is processed after this returns. */
  removeSymbol(symbol: string): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
  stats(): EngineStats;
}

/** Hears each processed tick (audit trail of who processed what, when). */
export type TickObserver = (symbol: string, localTimeMs: number) => void;
