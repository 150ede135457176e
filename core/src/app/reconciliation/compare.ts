import type { Direction, Order } from '../../domain/trading.ts';
import type { StoredOrder, StoredPosition, VenueKey } from '../../ports/state-store.ts';
import type { VenuePosition } from '../../ports/venue.ts';

/** What the venue and the state store hold for one venue key, read just before comparing. */
export interface ReconcileSnapshot {
  readonly storedPositions: readonly StoredPosition[];
  readonly storedOpenOrders: readonly StoredOrder[];
  readonly venuePositions: readonly VenuePosition[];
  readonly venueOpenOrders: readonly Order[];
}

export interface CompareOptions {
  /** Smallest quantity increment of an instrument; differences up to half of it are float noise. */
  readonly quantityStep: (instrumentId: string) => number;
  /** Client order ids the engine generates start with this (the execution engine's `cl-` ids). */
  readonly clientIdPrefix: string;
}

export type Discrepancy =
  | { readonly kind: 'missing_on_venue'; readonly stored: StoredPosition }
  | { readonly kind: 'missing_locally'; readonly venue: VenuePosition; readonly direction: Direction }
  | { readonly kind: 'quantity_mismatch'; readonly stored: StoredPosition; readonly venue: VenuePosition }
  | { readonly kind: 'unknown_open_order'; readonly order: Order; readonly ours: boolean };

export interface Comparison {
  readonly discrepancies: readonly Discrepancy[];
  /** Stored as working but no longer working at the venue (filled or cancelled while nobody wrote it). */
  readonly staleOrders: readonly StoredOrder[];
}

/** `binance-usdm:BTCUSDT` → { exchange: binance, marketType: usdm, symbol: BTCUSDT }; null when malformed. */
export function venueKeyOf(instrumentId: string): (VenueKey & { readonly symbol: string }) | null {
  const colon = instrumentId.indexOf(':');
  const venue = colon > 0 ? instrumentId.slice(0, colon) : '';
  const dash = venue.lastIndexOf('-');
  if (dash <= 0 || colon === instrumentId.length - 1) return null;
  return {
    exchange: venue.slice(0, dash),
    marketType: venue.slice(dash + 1),
    symbol: instrumentId.slice(colon + 1),
  };
}

/**
 * Our client order ids are `cl-<n>`, or `<namespace>-cl-<n>` when the id generator is namespaced per run
 * (the runner and the live engine namespace them so ids never repeat across restarts).
 */
export function isOurClientOrderId(clientOrderId: string, prefix: string): boolean {
  return clientOrderId.startsWith(prefix) || clientOrderId.includes(`-${prefix}`);
}

export function belongsTo(instrumentId: string, key: VenueKey): boolean {
  const parsed = venueKeyOf(instrumentId);
  return parsed?.exchange === key.exchange && parsed.marketType === key.marketType;
}

/**
 * Compares local state with the venue (the source of truth), one position per instrument. A venue
 * position opposite to the stored one is two facts: ours is gone, and an unknown one exists. Pure.
 */
export function compareState(snapshot: ReconcileSnapshot, options: CompareOptions): Comparison {
  const discrepancies: Discrepancy[] = [];
  const venueByInstrument = new Map<string, VenuePosition>();
  for (const held of snapshot.venuePositions) {
    if (Math.abs(held.quantity) > options.quantityStep(held.instrumentId) / 2)
      venueByInstrument.set(held.instrumentId, held);
  }
  const matched = new Set<string>();
  for (const stored of snapshot.storedPositions) {
    const held = venueByInstrument.get(stored.instrumentId);
    if (!held || directionOf(held) !== stored.direction) {
      discrepancies.push({ kind: 'missing_on_venue', stored });
      continue;
    }
    matched.add(stored.instrumentId);
    const tolerance = options.quantityStep(stored.instrumentId) / 2;
    if (Math.abs(Math.abs(held.quantity) - stored.quantity) > tolerance) {
      discrepancies.push({ kind: 'quantity_mismatch', stored, venue: held });
    }
  }
  for (const held of venueByInstrument.values()) {
    if (!matched.has(held.instrumentId))
      discrepancies.push({ kind: 'missing_locally', venue: held, direction: directionOf(held) });
  }
  const storedIds = new Set(snapshot.storedOpenOrders.map((o) => o.clientOrderId));
  const venueIds = new Set(snapshot.venueOpenOrders.map((o) => o.clientOrderId));
  for (const order of snapshot.venueOpenOrders) {
    if (!storedIds.has(order.clientOrderId)) {
      const ours = isOurClientOrderId(order.clientOrderId, options.clientIdPrefix);
      discrepancies.push({ kind: 'unknown_open_order', order, ours });
    }
  }
  const staleOrders = snapshot.storedOpenOrders.filter((o) => !venueIds.has(o.clientOrderId));
  return { discrepancies, staleOrders };
}

function directionOf(held: VenuePosition): Direction {
  return held.quantity > 0 ? 'long' : 'short';
}
