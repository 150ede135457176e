import { describe, expect, it } from 'vitest';
import {
  decodeEvent,
  encodeEvent,
  instrumentIdOf,
  orderingKeyOf,
} from '../../../core/src/adapters/pubsub/event-codec.ts';
import { BTC, TransportFixtures } from '../../contract/transport-fixtures.ts';

function attrs(encoded: ReturnType<typeof encodeEvent>): Record<string, string> {
  return { ...encoded.attributes };
}

describe('event codec', () => {
  const fixtures = new TransportFixtures('codec');

  it('round-trips an event through bytes and attributes', () => {
    const event = fixtures.fill(BTC, 1);
    const encoded = encodeEvent(event);
    const decoded = decodeEvent(encoded.data, attrs(encoded));
    expect(decoded).toEqual({ ok: true, event });
  });

  it('round-trips a caused event with its causation id', () => {
    const cause = fixtures.signal(BTC, 1);
    const event = fixtures.factory.create(
      'OrderRejected',
      5,
      {
        instrumentId: BTC,
        clientOrderId: 'co-1',
        reasonCode: 'x',
        message: 'y',
      },
      { correlationId: cause.correlationId, causationId: cause.id },
    );
    const encoded = encodeEvent(event);
    expect(decodeEvent(encoded.data, attrs(encoded))).toEqual({ ok: true, event });
  });

  it('encodes the same event to the same bytes whatever the key order', () => {
    const event = fixtures.signal(BTC, 2);
    const reversed = (value: object): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([k, v]) => [k, typeof v === 'object' && v !== null ? reversed(v as object) : v]),
      );
    const reordered = reversed(event) as unknown as typeof event;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(event));
    expect(encodeEvent(reordered).data.equals(encodeEvent(event).data)).toBe(true);
  });

  it('puts type, version, ids and the instrument into the attributes', () => {
    const event = fixtures.signal(BTC, 3);
    expect(encodeEvent(event).attributes).toEqual({
      type: 'TradingSignalGenerated',
      version: '1',
      eventId: event.id,
      correlationId: event.correlationId,
      instrumentId: BTC,
    });
    expect(encodeEvent(fixtures.alert(1)).attributes).not.toHaveProperty('instrumentId');
  });

  it('orders by instrument, else by topic, else by type', () => {
    expect(orderingKeyOf(fixtures.fill(BTC, 1))).toBe(BTC);
    expect(orderingKeyOf(fixtures.alert(1))).toBe('engine-alerts');
    expect(orderingKeyOf(fixtures.lifecycle(1))).toBe('engine-system');
    expect(orderingKeyOf(fixtures.tick(BTC, 1))).toBe(BTC);
  });

  it('finds the instrument inside nested payloads', () => {
    const position = {
      positionId: 'p',
      instrumentId: BTC,
      direction: 'long' as const,
      quantity: 1,
      entryPrice: 1,
      entryTime: 1,
      initialStop: 0.9,
      entryFees: 0,
      signalId: 's',
    };
    const closed = fixtures.factory.create('PositionClosed', 1, {
      position,
      exitPrice: 2,
      exitTime: 2,
      pnl: 1,
      fees: 0,
      pnlPercent: 100,
      reason: 'trailing_stop',
    });
    expect(instrumentIdOf(closed)).toBe(BTC);
  });

  it('rejects bytes that are not JSON', () => {
    expect(decodeEvent(Buffer.from('{oops'), {})).toMatchObject({ ok: false, reasonCode: 'invalid_json' });
  });

  it('rejects an envelope with an extra or missing field', () => {
    const encoded = encodeEvent(fixtures.alert(2));
    const body = JSON.parse(encoded.data.toString()) as Record<string, unknown>;
    const extra = Buffer.from(JSON.stringify({ ...body, extra: 1 }));
    expect(decodeEvent(extra, attrs(encoded))).toMatchObject({ ok: false, reasonCode: 'invalid_envelope' });
    const { id: _id, ...missing } = body;
    expect(decodeEvent(Buffer.from(JSON.stringify(missing)), attrs(encoded))).toMatchObject({
      ok: false,
      reasonCode: 'invalid_envelope',
    });
  });

  it('rejects a payload that is not an object', () => {
    const encoded = encodeEvent(fixtures.alert(3));
    const body = JSON.parse(encoded.data.toString()) as Record<string, unknown>;
    const bad = Buffer.from(JSON.stringify({ ...body, payload: [1, 2] }));
    expect(decodeEvent(bad, attrs(encoded))).toMatchObject({ ok: false, reasonCode: 'invalid_envelope' });
  });

  it('rejects an unknown type and a version newer than this build knows', () => {
    const encoded = encodeEvent(fixtures.alert(4));
    const body = JSON.parse(encoded.data.toString()) as Record<string, unknown>;
    const unknown = Buffer.from(JSON.stringify({ ...body, type: 'Teleported' }));
    expect(decodeEvent(unknown, attrs(encoded))).toMatchObject({ ok: false, reasonCode: 'unknown_type' });
    const newer = Buffer.from(JSON.stringify({ ...body, version: 2 }));
    expect(decodeEvent(newer, attrs(encoded))).toMatchObject({
      ok: false,
      reasonCode: 'unsupported_version',
    });
  });

  it('rejects attributes that disagree with the body', () => {
    const encoded = encodeEvent(fixtures.fill(BTC, 4));
    const wrongType = { ...attrs(encoded), type: 'OrderPlaced' };
    expect(decodeEvent(encoded.data, wrongType)).toMatchObject({
      ok: false,
      reasonCode: 'attribute_mismatch',
    });
    const wrongInstrument = { ...attrs(encoded), instrumentId: 'binance-spot:ETHUSDT' };
    expect(decodeEvent(encoded.data, wrongInstrument)).toMatchObject({
      ok: false,
      reasonCode: 'attribute_mismatch',
    });
    const { eventId: _e, ...withoutId } = attrs(encoded);
    expect(decodeEvent(encoded.data, withoutId)).toMatchObject({
      ok: false,
      reasonCode: 'attribute_mismatch',
    });
  });
});
