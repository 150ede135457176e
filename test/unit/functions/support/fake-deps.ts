import { ManualClock } from '../../../../core/src/ports/clock.ts';
import { MemoryLogger } from '../../../../core/src/ports/logger.ts';
import type { StateStore } from '../../../../core/src/ports/state-store.ts';
import type { Caller, TokenVerifier } from '../../../../functions/src/auth.ts';
import type { FunctionDeps } from '../../../../functions/src/deps.ts';
import type { VenueBinding } from '../../../../functions/src/jobs/position-reconciler.ts';
import { MemoryReportIndex } from '../../../../functions/src/jobs/report-index.ts';
import type { ReportSink } from '../../../../functions/src/jobs/report-sink.ts';
import { EmbeddedStateStore } from '../../../../core/src/adapters/embedded/embedded-state-store.ts';

export const ADMIN: Caller = { uid: 'admin-1', admin: true };
export const VIEWER: Caller = { uid: 'viewer-1', admin: false };

/** Fake verifier: `admin-token` → admin, `viewer-token` → plain user, anything else → rejected. */
export const fakeVerifier: TokenVerifier = {
  verify: (token) =>
    Promise.resolve(token === 'admin-token' ? ADMIN : token === 'viewer-token' ? VIEWER : null),
};

export const NOV_25_2026_NOON = Date.UTC(2026, 10, 25, 12, 0, 0);

export interface TestDeps extends FunctionDeps {
  readonly clock: ManualClock;
  readonly logger: MemoryLogger;
  readonly reportIndex: MemoryReportIndex;
}

export function fakeDeps(overrides: Partial<FunctionDeps> & { store?: StateStore } = {}): TestDeps {
  const unusedSink: ReportSink = {
    write: () => Promise.reject(new Error('no sink in this test')),
    deletePrefix: () => Promise.reject(new Error('no sink in this test')),
  };
  const bindings: readonly VenueBinding[] = [];
  return {
    store: EmbeddedStateStore.inMemory(),
    clock: new ManualClock(NOV_25_2026_NOON),
    logger: new MemoryLogger(),
    verifier: fakeVerifier,
    binanceBaseUrls: {},
    topLiquidMarkets: ['spot'],
    reportSink: unusedSink,
    reportIndex: new MemoryReportIndex(),
    retentionDays: 30,
    venueBindings: () => Promise.resolve(bindings),
    ...overrides,
  } as TestDeps;
}
