import { describe, expect, it } from 'vitest';
import { PaperVenue, paperVenueOptions } from '../../../core/src/adapters/paper/paper-venue.ts';
import { TradingSession } from '../../../core/src/app/trading-session.ts';
import { parseEngineConfig } from '../../../core/src/config/engine-config.ts';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { T0, shortSnapshot, snapshot } from '../../unit/decision/fixtures.ts';
import { tick } from '../../support/tape.ts';

const USDM = 'binance-usdm:BTCUSDT';

function setup() {
  const config = parseEngineConfig({});
  const ids = new SequentialIds();
  const factory = new EventFactory(new ManualClock(0), ids);
  const bus = new InProcessEventBus(factory);
  const emitter = new BusEmitter(bus, factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('capture', (e) => events.push(e));
  const venue = new PaperVenue(paperVenueOptions(config.execution), ids);
  const session = new TradingSession({ config, bus, emitter, ids, venue, records: undefined });
  const types = () => events.map((e) => e.type).filter((t) => t !== 'AnalyticsUpdated');
  return { session, emitter, events, types };
}

describe('TradingSession wiring', () => {
  it('takes a passing snapshot through signal, order, fill and trailing stop to a closed trade', () => {
    const { session, emitter, events, types } = setup();
    // A complete long setup on USD-M BTC at 50,260 (fixture), published as analytics would.
    emitter.emit('AnalyticsUpdated', T0, snapshot({ instrumentId: USDM }));
    expect(types()).toEqual(['DecisionEvaluated', 'TradingSignalGenerated', 'OrderPlaced']);
    // The entry fills on the first trade at least 50 ms later, at that price plus 1 bp.
    session.onTrade(tick(T0 + 10, 50_260, 5, 'buy', USDM));
    session.onTrade(tick(T0 + 60, 50_260, 5, 'buy', USDM));
    const opened = events.find((e) => e.type === 'PositionOpened');
    expect(opened?.payload).toMatchObject({
      instrumentId: USDM,
      direction: 'long',
      entryPrice: 50_260 * 1.0001,
    });
    // Price runs to 50,800, then falls through the trailing stop at 50,800 x 0.995 = 50,546.
    session.onTrade(tick(T0 + 500, 50_800, 1, 'buy', USDM));
    session.onTrade(tick(T0 + 900, 50_540, 1, 'sell', USDM));
    const exit = events.find((e) => e.type === 'ExitTriggered');
    expect(exit?.payload).toMatchObject({ reason: 'trailing_stop', triggerPrice: 50_540 });
    session.onTrade(tick(T0 + 1_000, 50_530, 5, 'sell', USDM));
    const closed = events.find((e) => e.type === 'PositionClosed');
    expect(closed?.payload).toMatchObject({ reason: 'trailing_stop', exitPrice: 50_530 * 0.9999 });
    const [trade] = session.closedTrades();
    expect(trade).toMatchObject({ reason: 'trailing_stop', direction: 'long' });
    const gross = (trade!.exitPrice - trade!.entryPrice) * trade!.quantity;
    expect(trade!.pnl).toBeCloseTo(gross - trade!.fees, 9);
    expect(session.execution.equity()).toBeCloseTo(10_000 + trade!.pnl, 9);
  });

  it('refuses a short signal on spot with a stable reason and opens nothing', () => {
    const { emitter, events } = setup();
    emitter.emit('AnalyticsUpdated', T0, shortSnapshot());
    const rejected = events.find((e) => e.type === 'SignalRejected');
    expect(rejected?.payload).toMatchObject({ handler: 'short_permission', reasonCode: 'short_not_allowed' });
    expect(events.some((e) => e.type === 'OrderPlaced')).toBe(false);
  });

  it('closes what is still open at the end of the data and ends flat', () => {
    const { session, emitter, events } = setup();
    emitter.emit('AnalyticsUpdated', T0, snapshot({ instrumentId: USDM }));
    session.onTrade(tick(T0 + 60, 50_260, 5, 'buy', USDM));
    session.onTrade(tick(T0 + 600, 50_300, 1, 'buy', USDM));
    session.finish();
    const closed = events.find((e) => e.type === 'PositionClosed');
    expect(closed?.payload).toMatchObject({ reason: 'end_of_data', exitPrice: 50_300 * 0.9999 });
    expect(session.execution.positions()).toEqual([]);
  });
});
