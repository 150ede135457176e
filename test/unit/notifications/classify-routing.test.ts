import { describe, expect, it } from 'vitest';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { classifyEvent } from '../../../functions/src/notifications/classify.ts';
import type { ChannelName, Notification } from '../../../functions/src/notifications/notification.ts';
import { foldBatch, routeNotification } from '../../../functions/src/notifications/routing.ts';
import { eventMaker } from '../../support/fake-notify/notification-fixtures.ts';

const ALL: ChannelName[] = ['email', 'telegram', 'discord', 'webhook'];
const factory = new EventFactory(new ManualClock(0), new SequentialIds('u'));

function classified(event: Parameters<typeof classifyEvent>[0]): Notification {
  const notification = classifyEvent(event);
  if (notification === null) throw new Error(`${event.type} was not classified`);
  return notification;
}

describe('classifyEvent', () => {
  const events = eventMaker('c');

  it('marks a lost market data connection critical system_error', () => {
    const n = classified(events.connectionLost());
    expect(n).toMatchObject({
      priority: 'critical',
      kind: 'system_error',
      eventType: 'MarketDataConnectionLost',
    });
    expect(n.title).toBe('Market data connection lost: binance usdm');
    expect(n.lines).toContain('reason: socket closed <1006>');
  });

  it('marks a fill as info trade_executed carrying price and quantity', () => {
    const n = classified(events.fill());
    expect(n).toMatchObject({
      priority: 'info',
      kind: 'trade_executed',
      instrumentId: 'binance-usdm:BTCUSDT',
    });
    expect(n.title).toBe('Trade executed: buy 0.01 binance-usdm:BTCUSDT @ 97250.5');
  });

  it('grades risk alerts by their own severity', () => {
    for (const severity of ['critical', 'warning', 'info'] as const) {
      const event = factory.create('RiskAlertRaised', 1, { severity, code: 'daily_loss', message: 'm' });
      expect(classified(event)).toMatchObject({ priority: severity, kind: 'risk_breach' });
    }
  });

  it('grades gaps, circuits and system errors by their state', () => {
    const gap = (status: 'backfilled' | 'partial' | 'failed') =>
      factory.create('MarketDataGapDetected', 1, {
        instrumentId: 'binance-spot:BTCUSDT',
        lastTradeId: 1,
        nextTradeId: 10,
        missing: 8,
        backfilled: status === 'backfilled' ? 8 : 3,
        status,
      });
    expect(classifyEvent(gap('backfilled'))).toBeNull();
    expect(classified(gap('partial')).priority).toBe('warning');
    expect(classified(gap('failed')).priority).toBe('warning');
    const circuit = (state: 'open' | 'half_open' | 'closed') =>
      factory.create('VenueCircuitChanged', 1, {
        venue: 'binance',
        state,
        consecutiveFailures: 5,
        reason: 'timeouts',
      });
    expect(classified(circuit('open')).priority).toBe('critical');
    expect(classifyEvent(circuit('half_open'))).toBeNull();
    expect(classified(circuit('closed')).priority).toBe('info');
    const error = (critical: boolean) =>
      factory.create('SystemErrorRaised', 1, {
        component: 'bus',
        error: 'boom',
        critical,
        failedEventId: undefined,
      });
    expect(classified(error(true)).priority).toBe('critical');
    expect(classified(error(false)).priority).toBe('warning');
  });

  it('marks breakers, forced exits and discrepancies critical risk_breach, dumps a warning', () => {
    const breaker = factory.create('CircuitBreakerTriggered', 1, {
      level: 2,
      drawdownPercent: 3.1,
      action: 'block_entries',
      blockedUntil: null,
    });
    expect(classified(breaker)).toMatchObject({ priority: 'critical', kind: 'risk_breach' });
    const exit = factory.create('ForceExitRequired', 1, {
      positionId: 'p',
      instrumentId: 'binance-usdm:ETHUSDT',
      reason: 'dump_detected',
      detail: 'd',
    });
    expect(classified(exit).priority).toBe('critical');
    expect(classified(events.dump())).toMatchObject({ priority: 'warning', kind: 'risk_breach' });
  });

  it('ignores events no person needs to see', () => {
    expect(classifyEvent(events.candle())).toBeNull();
  });
});

describe('routeNotification', () => {
  const events = eventMaker('r');

  it('sends critical events to every enabled channel now', () => {
    const routes = routeNotification(classified(events.connectionLost()), ALL);
    expect(routes).toEqual(ALL.map((channel) => ({ channel, delivery: 'now' })));
  });

  it('batches warnings on every enabled channel', () => {
    const routes = routeNotification(classified(events.dump()), ['telegram', 'discord']);
    expect(routes).toEqual([
      { channel: 'telegram', delivery: 'warning' },
      { channel: 'discord', delivery: 'warning' },
    ]);
  });

  it('emails a fill at once and puts it in the other channels digest', () => {
    const routes = routeNotification(classified(events.fill()), ALL);
    expect(routes).toEqual([
      { channel: 'email', delivery: 'now' },
      { channel: 'telegram', delivery: 'digest' },
      { channel: 'discord', delivery: 'digest' },
      { channel: 'webhook', delivery: 'digest' },
    ]);
  });

  it('puts other info events in the digest of every channel, email included', () => {
    const routes = routeNotification(classified(events.recovered()), ['email']);
    expect(routes).toEqual([{ channel: 'email', delivery: 'digest' }]);
  });
});

describe('foldBatch', () => {
  const events = eventMaker('f');
  const items = [classified(events.dump('a')), classified(events.dump('b'))];

  it('gives the same id for the same items in any order, and a new id for other items', () => {
    const one = foldBatch('warning', items, 1);
    expect(foldBatch('warning', [...items].reverse(), 999).eventId).toBe(one.eventId);
    expect(foldBatch('warning', items.slice(0, 1), 1).eventId).not.toBe(one.eventId);
    expect(one).toMatchObject({ kind: 'risk_breach', priority: 'warning', title: '2 warnings' });
    expect(one.items).toHaveLength(2);
  });

  it('labels a digest daily_summary', () => {
    expect(foldBatch('digest', items, 1)).toMatchObject({ kind: 'daily_summary', priority: 'info' });
  });
});
