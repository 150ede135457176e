import { tempDir } from '../support/run-cli.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { EngineEvent } from '../../core/src/events/events.ts';
import type { Clock } from '../../core/src/ports/clock.ts';
import type { DeliveredEvent, DeliveryOutcome } from '../../core/src/ports/event-transport.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import { buildChannels, parseChannelSettings } from '../../functions/src/notifications/channel-config.ts';
import { DEFAULT_RETRY } from '../../functions/src/notifications/delivery.ts';
import {
  DEFAULT_BATCH_THRESHOLD,
  DEFAULT_DEDUP_TTL_MS,
  handleEngineEvent,
  type NotificationDeps,
} from '../../functions/src/notifications/handlers.ts';
import { TokenBucketLimiter } from '../../functions/src/notifications/rate-limiter.ts';
import type { NotificationStore } from '../../functions/src/notifications/store.ts';
import type { FakeNotify, RecordedRequest } from '../support/fake-notify/fake-notify.ts';
import { REPO } from '../support/tape.ts';

/**
 * A tape that trades: 37.5 h of Dukascopy BTCUSD 1m candles (2023-02-06 00:00 to 2023-02-07 13:30 UTC,
 * 2,250 candles, about 25,600 modelled ticks) under config/exploratory.json. Measured with the CLI replay:
 * one long opens at 2023-02-07 12:54:41.538 at 22,982.898 and the dump detector closes it 46 s later
 * (pnl -7.6075, no fees on this CFD venue); nothing is open when the tape ends. A shorter window (from
 * 2023-02-06 12:00) never passes the regime gate.
 */
export const CHAIN_VENUE = 'dukascopy-cfd';
export const CHAIN_SYMBOL = 'BTCUSD';
export const CHAIN_INSTRUMENT = 'dukascopy-cfd:BTCUSD';
export const CHAIN_CONFIG_FILE = join(REPO, 'config/exploratory.json');
export const EXPECTED_TRADE = {
  symbol: CHAIN_SYMBOL,
  instrumentId: CHAIN_INSTRUMENT,
  exchange: 'dukascopy',
  marketType: 'cfd',
  direction: 'long',
  entryTime: 1_675_774_481_538,
  exitTime: 1_675_774_527_692,
  reason: 'dump_detected',
} as const;
export const EXPECTED_PNL = -7.607479035108322;

const FROM_MS = 1_675_641_600_000;
const UNTIL_MS = 1_675_776_600_000;
const CANDLES = join(REPO, 'data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv');

/** Writes the tape window into a fresh directory under the runner's naming scheme; returns the directory. */
export function writeChainTape(): string {
  const dir = tempDir('e2e-tape');
  const [header = '', ...rows] = readFileSync(CANDLES, 'utf8').trim().split('\n');
  const kept = rows.filter((row) => {
    const ts = Number(row.slice(0, row.indexOf(',')));
    return ts >= FROM_MS && ts < UNTIL_MS;
  });
  expect(kept).toHaveLength(2_250);
  writeFileSync(
    join(dir, `${CHAIN_VENUE}_${CHAIN_SYMBOL}_1m_2023-02-06_2023-02-07.csv`),
    [header, ...kept, ''].join('\n'),
  );
  return dir;
}

export const SENDGRID_KEY = 'fake-sendgrid-e2e-key';
export const MAIL_FROM = 'engine@example.test';
export const MAIL_TO = ['ops@example.test', 'trader@example.test'];

/** The functions' notification dependencies with only the email channel on, pointed at the fake. */
export function notificationDeps(store: NotificationStore, fake: FakeNotify, clock: Clock): NotificationDeps {
  const settings = parseChannelSettings({
    email: {
      enabled: true,
      baseUrl: fake.baseUrl,
      apiKey: SENDGRID_KEY,
      from: MAIL_FROM,
      to: MAIL_TO.join(','),
    },
    telegram: { enabled: false, baseUrl: '', botToken: '', chatId: '' },
    discord: { enabled: false, webhookUrl: '' },
    webhook: { enabled: false, url: '', signingSecret: '' },
  });
  return {
    store,
    channels: buildChannels(settings, clock),
    // Generous: this test is about the chain, not the limiter (its own tests cover deferral).
    limiter: new TokenBucketLimiter({ capacity: 1_000, perMinute: 1_000 }, clock),
    retry: { ...DEFAULT_RETRY, sleep: () => Promise.resolve(), random: () => 0 },
    clock,
    logger: silentLogger,
    batchThreshold: DEFAULT_BATCH_THRESHOLD,
    dedupTtlMs: DEFAULT_DEDUP_TTL_MS,
  };
}

/** Counts handler invocations per event id and maps handler results to transport outcomes. */
export class NotificationConsumer {
  readonly deliveries = new Map<string, number>();
  readonly events: EngineEvent[] = [];

  constructor(private readonly deps: NotificationDeps) {}

  readonly handle = async (delivery: DeliveredEvent): Promise<DeliveryOutcome> => {
    const { event } = delivery;
    this.deliveries.set(event.id, (this.deliveries.get(event.id) ?? 0) + 1);
    if ((this.deliveries.get(event.id) ?? 0) === 1) this.events.push(event);
    try {
      const result = await handleEngineEvent(this.deps, event);
      return result.status === 'poison' ? 'poison' : 'ack';
    } catch {
      return 'retry';
    }
  };

  fills(): EngineEvent[] {
    return this.events.filter((e) => e.type === 'OrderFilled');
  }
}

export function fillEmails(fake: FakeNotify): RecordedRequest[] {
  return fake.to('sendgrid').filter((r) => subjectOf(r).startsWith('[INFO] Trade executed'));
}

interface MailBody {
  readonly personalizations?: readonly { readonly to?: readonly { readonly email?: string }[] }[];
  readonly from?: { readonly email?: string };
  readonly subject?: string;
  readonly content?: readonly { readonly type?: string; readonly value?: string }[];
}

function mailOf(request: RecordedRequest): MailBody {
  return (request.json ?? {}) as MailBody;
}

export function subjectOf(request: RecordedRequest): string {
  return mailOf(request).subject ?? '';
}

/**
 * One email per fill, exactly as SendGrid's v3 API receives it: bearer key, sender, every recipient,
 * a subject naming side, quantity, instrument and price, and both bodies carrying the order id.
 */
export function expectFillEmails(fake: FakeNotify, fills: readonly EngineEvent[]): void {
  const emails = fillEmails(fake);
  expect(emails).toHaveLength(fills.length);
  for (const fill of fills) {
    if (fill.type !== 'OrderFilled') throw new Error(`${fill.type} is not a fill`);
    const { side, quantity, instrumentId, price, clientOrderId } = fill.payload;
    const subject = `[INFO] Trade executed: ${side} ${quantity} ${instrumentId} @ ${price}`;
    const matching = emails.filter((r) => subjectOf(r) === subject);
    expect(matching, subject).toHaveLength(1);
    const [request] = matching;
    if (request === undefined) return;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v3/mail/send');
    expect(request.headers['authorization']).toBe(`Bearer ${SENDGRID_KEY}`);
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    const mail = mailOf(request);
    expect(mail.from?.email).toBe(MAIL_FROM);
    expect(mail.personalizations?.[0]?.to?.map((t) => t.email)).toEqual(MAIL_TO);
    const text = mail.content?.find((c) => c.type === 'text/plain')?.value ?? '';
    const html = mail.content?.find((c) => c.type === 'text/html')?.value ?? '';
    expect(text).toContain(`order: ${clientOrderId}`);
    expect(text).toContain(fill.id);
    expect(html).toContain(`<li>order: ${clientOrderId}</li>`);
  }
}

export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
