import type { Clock } from '@engine/core/ports/clock';
import type { Logger } from '@engine/core/ports/logger';
import type { StateStore } from '@engine/core/ports/state-store';
import type { TokenVerifier } from './auth.ts';
import type { VenueBinding } from './jobs/position-reconciler.ts';
import type { ReportIndex } from './jobs/report-index.ts';
import type { ReportSink } from './jobs/report-sink.ts';

/** Everything the functions touch outside their own code; tests pass fakes, production builds real ones. */
export interface FunctionDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
  /** Binance REST base URL per market type (`spot`, `usdm`). */
  readonly binanceBaseUrls: Readonly<Record<string, string>>;
  /** Market types whose top-liquid list the daily updater refreshes. */
  readonly topLiquidMarkets: readonly string[];
  readonly reportSink: ReportSink;
  readonly reportIndex: ReportIndex;
  readonly retentionDays: number;
  /** Venues to reconcile; built per run because credentials are secrets read at call time. */
  venueBindings(): Promise<readonly VenueBinding[]>;
}

export type DepsProvider = () => Promise<FunctionDeps>;

/**
 * Builds the dependencies on first use and shares them across invocations of the same instance; a failed
 * build is not cached, so the next invocation retries instead of failing forever.
 */
export function lazyDeps(factory: () => Promise<FunctionDeps>): DepsProvider {
  let pending: Promise<FunctionDeps> | null = null;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
