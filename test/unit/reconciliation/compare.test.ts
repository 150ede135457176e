import { describe, expect, it } from 'vitest';
import {
  compareState,
  venueKeyOf,
  type ReconcileSnapshot,
} from '../../../core/src/app/reconciliation/compare.ts';
import { BTC, ETH, order, storedOrder, storedPosition } from './fixtures.ts';

const OPTIONS = { quantityStep: () => 0.001, clientIdPrefix: 'cl-' };

function snapshot(overrides: Partial<ReconcileSnapshot> = {}): ReconcileSnapshot {
  return {
    storedPositions: [],
    storedOpenOrders: [],
    venuePositions: [],
    venueOpenOrders: [],
    ...overrides,
  };
}

describe('compareState', () => {
  it('finds nothing when both sides are empty', () => {
    expect(compareState(snapshot(), OPTIONS)).toEqual({ discrepancies: [], staleOrders: [] });
  });

  it('finds nothing when the venue holds exactly the stored positions and orders', () => {
    const result = compareState(
      snapshot({
        storedPositions: [storedPosition()],
        venuePositions: [{ instrumentId: BTC, quantity: 0.5, entryPrice: 50_000 }],
        storedOpenOrders: [storedOrder()],
        venueOpenOrders: [order()],
      }),
      OPTIONS,
    );
    expect(result.discrepancies).toEqual([]);
    expect(result.staleOrders).toEqual([]);
  });

  it('reports a stored position the venue no longer holds as missing on the venue', () => {
    const stored = storedPosition();
    const { discrepancies } = compareState(snapshot({ storedPositions: [stored] }), OPTIONS);
    expect(discrepancies).toEqual([{ kind: 'missing_on_venue', stored }]);
  });

  it('reports a venue position nobody stored as missing locally, with its direction', () => {
    const held = { instrumentId: ETH, quantity: -2, entryPrice: 3_000 };
    const { discrepancies } = compareState(snapshot({ venuePositions: [held] }), OPTIONS);
    expect(discrepancies).toEqual([{ kind: 'missing_locally', venue: held, direction: 'short' }]);
  });

  it('treats a venue position opposite to the stored one as one gone and one unknown', () => {
    const held = { instrumentId: BTC, quantity: -0.5, entryPrice: 50_000 };
    const { discrepancies } = compareState(
      snapshot({ storedPositions: [storedPosition()], venuePositions: [held] }),
      OPTIONS,
    );
    expect(discrepancies.map((d) => d.kind)).toEqual(['missing_on_venue', 'missing_locally']);
  });

  it('ignores quantity differences up to half a step and reports larger ones', () => {
    const within = compareState(
      snapshot({
        storedPositions: [storedPosition({ quantity: 0.5 })],
        venuePositions: [{ instrumentId: BTC, quantity: 0.5004, entryPrice: 50_000 }],
      }),
      OPTIONS,
    );
    expect(within.discrepancies).toEqual([]);
    const beyond = compareState(
      snapshot({
        storedPositions: [storedPosition({ quantity: 0.5 })],
        venuePositions: [{ instrumentId: BTC, quantity: 0.501, entryPrice: 50_000 }],
      }),
      OPTIONS,
    );
    expect(beyond.discrepancies.map((d) => d.kind)).toEqual(['quantity_mismatch']);
  });

  it('treats a venue position below half a step as flat', () => {
    const { discrepancies } = compareState(
      snapshot({ venuePositions: [{ instrumentId: BTC, quantity: 0.0004, entryPrice: 50_000 }] }),
      OPTIONS,
    );
    expect(discrepancies).toEqual([]);
  });

  it('marks unknown venue orders as ours by the client id prefix and lists stale stored orders', () => {
    const stale = storedOrder({ clientOrderId: 'cl-9', orderId: 'o-9' });
    const mine = order({ clientOrderId: 'cl-7', orderId: 'o-7' });
    const foreign = order({ clientOrderId: 'web_123', orderId: 'o-8' });
    const result = compareState(
      snapshot({ storedOpenOrders: [stale], venueOpenOrders: [mine, foreign] }),
      OPTIONS,
    );
    expect(result.discrepancies).toEqual([
      { kind: 'unknown_open_order', order: mine, ours: true },
      { kind: 'unknown_open_order', order: foreign, ours: false },
    ]);
    expect(result.staleOrders).toEqual([stale]);
  });

  it('recognises our client ids from a namespaced id generator as ours', () => {
    const namespaced = order({ clientOrderId: 'runner-a-1f2e-BTCUSDT-cl-12', orderId: 'o-12' });
    const foreign = order({ clientOrderId: 'and_close-12', orderId: 'o-13' });
    const result = compareState(snapshot({ venueOpenOrders: [namespaced, foreign] }), OPTIONS);
    expect(result.discrepancies).toEqual([
      { kind: 'unknown_open_order', order: namespaced, ours: true },
      { kind: 'unknown_open_order', order: foreign, ours: false },
    ]);
  });

  it('parses venue keys out of instrument ids', () => {
    expect(venueKeyOf('binance-usdm:BTCUSDT')).toEqual({
      exchange: 'binance',
      marketType: 'usdm',
      symbol: 'BTCUSDT',
    });
    expect(venueKeyOf('BTCUSDT')).toBeNull();
  });
});
