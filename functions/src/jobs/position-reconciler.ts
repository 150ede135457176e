import type { Clock } from '@engine/core/ports/clock';
import type { Logger } from '@engine/core/ports/logger';
import type { StateStore, StoredPosition, VenueKey } from '@engine/core/ports/state-store';
import type { VenuePort, VenuePosition } from '@engine/core/ports/venue';
import { compareState } from '@engine/core/app/reconciliation/compare';

/** What reconciliation needs from a venue: its open positions. Any `VenuePort` fits. */
export type PositionSource = Pick<VenuePort, 'venueId' | 'positions'>;

export interface VenueBinding {
  readonly venue: VenueKey;
  readonly source: PositionSource;
}

export type MismatchKind = 'missing_on_venue' | 'missing_locally' | 'quantity_mismatch';

export interface PositionMismatch {
  readonly instrumentId: string;
  readonly kind: MismatchKind;
  /** Signed: long positive, short negative; 0 when that side holds nothing. */
  readonly stored: number;
  readonly venue: number;
}

export interface ReconciliationAudit {
  readonly exchange: string;
  readonly marketType: string;
  readonly checkedAt: number;
  readonly ok: boolean;
  readonly storedPositions: number;
  readonly venuePositions: number;
  readonly mismatches: readonly PositionMismatch[];
}

const signed = (position: StoredPosition): number =>
  position.direction === 'long' ? position.quantity : -position.quantity;

/** The design's 0.0001 quantity tolerance, as in the runner's reconciler. */
const QUANTITY_STEP = 0.0001;

/**
 * Positions only, through the core's reconciliation comparison (orders are the runner's business): the
 * same tolerance and direction rules as the runner, so both report the same discrepancies.
 */
export function comparePositions(
  stored: readonly StoredPosition[],
  venue: readonly VenuePosition[],
): PositionMismatch[] {
  const venueQuantity = (id: string): number =>
    venue.filter((p) => p.instrumentId === id).reduce((sum, p) => sum + p.quantity, 0);
  const storedQuantity = (id: string): number =>
    stored.filter((p) => p.instrumentId === id).reduce((sum, p) => sum + signed(p), 0);
  const { discrepancies } = compareState(
    { storedPositions: stored, storedOpenOrders: [], venuePositions: venue, venueOpenOrders: [] },
    { quantityStep: () => QUANTITY_STEP, clientIdPrefix: 'cl-' },
  );
  const mismatches: PositionMismatch[] = [];
  for (const d of discrepancies) {
    if (d.kind === 'unknown_open_order') continue;
    const instrumentId = d.kind === 'missing_locally' ? d.venue.instrumentId : d.stored.instrumentId;
    const kind: MismatchKind = d.kind;
    mismatches.push({
      instrumentId,
      kind,
      stored: storedQuantity(instrumentId),
      venue: venueQuantity(instrumentId),
    });
  }
  return mismatches.sort(
    (a, b) => a.instrumentId.localeCompare(b.instrumentId) || a.kind.localeCompare(b.kind),
  );
}

/**
 * Deliberately not the runner's `reconciliation:` key: the runner owns that record and the repairs; this
 * function is an independent audit that only reports.
 */
export function reconciliationAuditKey(venue: VenueKey): string {
  return `reconciliation-audit:${venue.exchange}:${venue.marketType}`;
}

export interface ReconcilerDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Compares Firestore `active_positions` with the venue and records the outcome in
 * `system_state/reconciliation-audit:{exchange}:{marketType}`. It reports; it never trades: closing,
 * adopting or cancelling is the runner's reconciler's job (core/src/app/reconciliation).
 */
export async function reconcileVenue(
  deps: ReconcilerDeps,
  binding: VenueBinding,
): Promise<ReconciliationAudit> {
  const [stored, venuePositions] = await Promise.all([
    deps.store.listPositions(binding.venue),
    binding.source.positions(),
  ]);
  const mismatches = comparePositions(stored, venuePositions);
  const record: ReconciliationAudit = {
    ...binding.venue,
    checkedAt: deps.clock.now(),
    ok: mismatches.length === 0,
    storedPositions: stored.length,
    venuePositions: venuePositions.filter((position) => position.quantity !== 0).length,
    mismatches,
  };
  await deps.store.putSystemState({
    key: reconciliationAuditKey(binding.venue),
    value: { ...record },
    updatedAt: record.checkedAt,
  });
  if (!record.ok) {
    deps.logger.log('warn', 'position mismatch between Firestore and venue', {
      venue: binding.source.venueId,
      mismatches,
    });
  }
  return record;
}
