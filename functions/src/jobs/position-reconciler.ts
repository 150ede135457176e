import type { Clock } from '@engine/core/ports/clock';
import type { Logger } from '@engine/core/ports/logger';
import type { StateStore, StoredPosition, VenueKey } from '@engine/core/ports/state-store';
import type { VenuePort } from '@engine/core/ports/venue';

/** What reconciliation needs from a venue: its open positions. Any `VenuePort` fits. */
export type PositionSource = Pick<VenuePort, 'venueId' | 'positions'>;

export interface VenueBinding {
  readonly venue: VenueKey;
  readonly source: PositionSource;
}

export type MismatchKind = 'missing_on_venue' | 'unknown_on_venue' | 'quantity_mismatch';

export interface PositionMismatch {
  readonly instrumentId: string;
  readonly kind: MismatchKind;
  /** Signed: long positive, short negative. */
  readonly stored: number;
  readonly venue: number;
}

export interface ReconciliationRecord {
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

function sameQuantity(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Net signed quantity per instrument on each side; differences become mismatches. */
export function comparePositions(
  stored: readonly StoredPosition[],
  venue: readonly { readonly instrumentId: string; readonly quantity: number }[],
): PositionMismatch[] {
  const ours = new Map<string, number>();
  for (const position of stored) {
    ours.set(position.instrumentId, (ours.get(position.instrumentId) ?? 0) + signed(position));
  }
  const theirs = new Map<string, number>();
  for (const position of venue) {
    if (position.quantity === 0) continue;
    theirs.set(position.instrumentId, (theirs.get(position.instrumentId) ?? 0) + position.quantity);
  }
  const mismatches: PositionMismatch[] = [];
  for (const instrumentId of [...new Set([...ours.keys(), ...theirs.keys()])].sort()) {
    const storedQty = ours.get(instrumentId) ?? 0;
    const venueQty = theirs.get(instrumentId) ?? 0;
    if (sameQuantity(storedQty, venueQty)) continue;
    const kind: MismatchKind =
      venueQty === 0 ? 'missing_on_venue' : storedQty === 0 ? 'unknown_on_venue' : 'quantity_mismatch';
    mismatches.push({ instrumentId, kind, stored: storedQty, venue: venueQty });
  }
  return mismatches;
}

export function reconciliationKey(venue: VenueKey): string {
  return `reconciliation:${venue.exchange}:${venue.marketType}`;
}

export interface ReconcilerDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Compares Firestore `active_positions` with the venue and records the outcome in
 * `system_state/reconciliation:{exchange}:{marketType}`. It reports; it never trades: closing or
 * adopting a position is the engine's decision.
 */
export async function reconcileVenue(
  deps: ReconcilerDeps,
  binding: VenueBinding,
): Promise<ReconciliationRecord> {
  const [stored, venuePositions] = await Promise.all([
    deps.store.listPositions(binding.venue),
    binding.source.positions(),
  ]);
  const mismatches = comparePositions(stored, venuePositions);
  const record: ReconciliationRecord = {
    ...binding.venue,
    checkedAt: deps.clock.now(),
    ok: mismatches.length === 0,
    storedPositions: stored.length,
    venuePositions: venuePositions.filter((position) => position.quantity !== 0).length,
    mismatches,
  };
  await deps.store.putSystemState({
    key: reconciliationKey(binding.venue),
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
