import { z } from 'zod';
import { EVENT_VERSIONS, type EngineEvent, type EventType } from '../../events/events.ts';
import { instrumentIdOf, orderingKeyOf } from './ordering-key.ts';

export { instrumentIdOf, orderingKeyOf } from './ordering-key.ts';

/** Pub/Sub message attributes: lets subscribers filter and route without parsing the body. */
export interface EventAttributes {
  readonly type: string;
  readonly version: string;
  readonly eventId: string;
  readonly correlationId: string;
  readonly instrumentId?: string;
}

export interface EncodedEvent {
  readonly data: Buffer;
  readonly attributes: EventAttributes;
  readonly orderingKey: string;
}

export type DecodeFailureReason =
  'invalid_json' | 'invalid_envelope' | 'unknown_type' | 'unsupported_version' | 'attribute_mismatch';

export type DecodeResult =
  | { readonly ok: true; readonly event: EngineEvent }
  | { readonly ok: false; readonly reasonCode: DecodeFailureReason; readonly detail: string };

/** JSON body with keys sorted at every level: the same event always encodes to the same bytes. */
export function encodeEvent(event: EngineEvent): EncodedEvent {
  const instrumentId = instrumentIdOf(event);
  const attributes: EventAttributes = {
    type: event.type,
    version: String(event.version),
    eventId: event.id,
    correlationId: event.correlationId,
    ...(instrumentId === null ? {} : { instrumentId }),
  };
  return { data: Buffer.from(canonicalJson(event), 'utf8'), attributes, orderingKey: orderingKeyOf(event) };
}

const EVENT_TYPES = new Set<string>(Object.keys(EVENT_VERSIONS));

function isEventType(type: string): type is EventType {
  return EVENT_TYPES.has(type);
}

const envelopeSchema = z.strictObject({
  type: z.string().min(1),
  version: z.number().int().positive(),
  id: z.string().min(1),
  eventTime: z.number().finite(),
  localTime: z.number().finite(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).optional(),
  payload: z.record(z.string(), z.unknown()),
});

const attributesSchema = z.looseObject({
  type: z.string(),
  version: z.string(),
  eventId: z.string(),
  correlationId: z.string().optional(),
  instrumentId: z.string().optional(),
});

/**
 * Boundary check for anything read off the wire. Validates the envelope strictly and the payload only as
 * an object (payload shapes are the producers' contract, checked by their own tests); a failure is a
 * poison message for the dead-letter topic, never an exception.
 */
export function decodeEvent(data: Uint8Array, attributes: Readonly<Record<string, string>>): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch (error: unknown) {
    return fail('invalid_json', error instanceof Error ? error.message : String(error));
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) return fail('invalid_envelope', z.prettifyError(parsed.error));
  const body = parsed.data;
  if (!isEventType(body.type)) return fail('unknown_type', `unknown event type ${body.type}`);
  const known = EVENT_VERSIONS[body.type];
  if (body.version > known) {
    return fail('unsupported_version', `${body.type} v${body.version} is newer than v${known}`);
  }
  // The envelope is checked above; payload fields are trusted from here on (see the doc comment).
  const event = { ...body, causationId: body.causationId } as unknown as EngineEvent;
  const mismatch = attributeMismatch(event, attributes);
  return mismatch === null ? { ok: true, event } : fail('attribute_mismatch', mismatch);
}

function attributeMismatch(event: EngineEvent, attributes: Readonly<Record<string, string>>): string | null {
  const parsed = attributesSchema.safeParse(attributes);
  if (!parsed.success) return `attributes: ${z.prettifyError(parsed.error)}`;
  const attrs = parsed.data;
  const expected = encodeEvent(event).attributes;
  if (attrs.type !== expected.type) return `attribute type ${attrs.type} != body ${expected.type}`;
  if (attrs.version !== expected.version)
    return `attribute version ${attrs.version} != body ${expected.version}`;
  if (attrs.eventId !== expected.eventId)
    return `attribute eventId ${attrs.eventId} != body ${expected.eventId}`;
  if (attrs.correlationId !== undefined && attrs.correlationId !== expected.correlationId) {
    return `attribute correlationId ${attrs.correlationId} != body ${expected.correlationId}`;
  }
  if (attrs.instrumentId !== undefined && attrs.instrumentId !== expected.instrumentId) {
    return `attribute instrumentId ${attrs.instrumentId} != body ${String(expected.instrumentId)}`;
  }
  return null;
}

function fail(reasonCode: DecodeFailureReason, detail: string): DecodeResult {
  return { ok: false, reasonCode, detail };
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field: unknown = (value as Record<string, unknown>)[key];
    if (field !== undefined) sorted[key] = sortKeys(field);
  }
  return sorted;
}
