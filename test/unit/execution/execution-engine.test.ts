import { describe, expect, it } from 'vitest';
import { BTC, signal, trade } from './fixtures.ts';
import { paperEngine } from './engine-harness.ts';

// Entry 0.8 BTC (2% of 10,000 at a 0.5% stop) bought at 50,000 × 1.0001 = 50,005; taker fee 0.04%.
const ENTRY_PRICE = 50_005;
const ENTRY_FEE = 50_005 * 0.8 * 0.0004;

function openLong(h: ReturnType<typeof paperEngine>) {
  const outcome = h.engine.onSignal(signal(), 50_000);
  h.engine.onTrade(trade(1_050, 50_000, 2));
  return outcome;
}

describe('ExecutionEngine', () => {
  it('places a market entry sized by the risk rule and publishes OrderPlaced', () => {
    const h = paperEngine();
    const outcome = h.engine.onSignal(signal(), 50_000);
    expect(outcome.ok).toBe(true);
    expect(h.types()).toEqual(['OrderPlaced']);
    const placed = h.events[0];
    expect(placed?.type === 'OrderPlaced' && placed.payload.quantity).toBeCloseTo(0.8, 12);
    expect(placed).toMatchObject({
      eventTime: 1_000,
      correlationId: 'sig-1',
      payload: { side: 'buy', purpose: 'sig-1' },
    });
  });

  it('opens the position on the fill, publishes it and hands it to the monitor', () => {
    const h = paperEngine();
    openLong(h);
    expect(h.types()).toEqual(['OrderPlaced', 'OrderFilled', 'PositionOpened']);
    const [position] = h.engine.positions();
    expect(position).toMatchObject({
      instrumentId: BTC,
      direction: 'long',
      entryTime: 1_050,
      initialStop: 49_750,
    });
    expect(position?.entryPrice).toBeCloseTo(ENTRY_PRICE, 9);
    expect(position?.entryFees).toBeCloseTo(ENTRY_FEE, 9);
    expect(h.activated).toEqual([position]);
    // Marked at the 50,000 trade: −5 × 0.8 unrealized, minus the fee.
    expect(h.engine.equity()).toBeCloseTo(10_000 - ENTRY_FEE - 4, 9);
  });

  it('marks equity and exposure to every trade', () => {
    const h = paperEngine();
    openLong(h);
    h.engine.onTrade(trade(1_100, 50_500, 0.01));
    expect(h.engine.equity()).toBeCloseTo(10_000 - ENTRY_FEE + (50_500 - ENTRY_PRICE) * 0.8, 9);
    expect(h.engine.exposure()).toBeCloseTo(50_500 * 0.8, 9);
  });

  it('closes on an exit request with exact P&L net of both fees and records the trade', () => {
    const h = paperEngine();
    openLong(h);
    expect(h.engine.requestExit(BTC, 'trailing_stop', 2_000).ok).toBe(true);
    h.engine.onTrade(trade(2_049, 50_600, 4));
    expect(h.engine.positions()).toHaveLength(1);
    h.engine.onTrade(trade(2_050, 50_500, 4));
    const exitPrice = 50_500 * 0.9999;
    const exitFee = exitPrice * 0.8 * 0.0004;
    const pnl = (exitPrice - ENTRY_PRICE) * 0.8 - ENTRY_FEE - exitFee;
    expect(pnl).toBeCloseTo(359.800016, 9);
    const closed = h.events.find((e) => e.type === 'PositionClosed');
    expect(closed?.type === 'PositionClosed' && closed.payload).toMatchObject({
      reason: 'trailing_stop',
      exitTime: 2_050,
    });
    const [trade0] = h.engine.closedTrades();
    expect(trade0).toMatchObject({
      instrumentId: BTC,
      direction: 'long',
      entryTime: 1_050,
      exitTime: 2_050,
      reason: 'trailing_stop',
    });
    expect(trade0?.pnl).toBeCloseTo(pnl, 9);
    expect(trade0?.fees).toBeCloseTo(ENTRY_FEE + exitFee, 9);
    expect(trade0?.exitPrice).toBeCloseTo(exitPrice, 9);
    expect(trade0?.quantity).toBeCloseTo(0.8, 12);
    expect(h.engine.positions()).toEqual([]);
    expect(h.engine.equity()).toBeCloseTo(10_000 + pnl, 9);
  });

  it('ignores a second exit request while the exit order works, and answers no_position once flat', () => {
    const h = paperEngine();
    openLong(h);
    const position = h.engine.positions()[0];
    expect(h.engine.requestExit(position?.positionId ?? '', 'cascade_reversal', 2_000).ok).toBe(true);
    expect(h.engine.requestExit(BTC, 'trailing_stop', 2_010)).toMatchObject({
      ok: false,
      reasonCode: 'exit_pending',
    });
    expect(h.types().filter((t) => t === 'OrderPlaced')).toHaveLength(2);
    h.engine.onTrade(trade(2_060, 50_000, 4));
    expect(h.engine.closedTrades().map((t) => t.reason)).toEqual(['cascade_reversal']);
    expect(h.engine.requestExit(BTC, 'trailing_stop', 3_000)).toMatchObject({
      ok: false,
      reasonCode: 'no_position',
    });
  });

  it('fills a large entry across trades and averages the price', () => {
    const h = paperEngine();
    h.engine.onSignal(signal(), 50_000);
    h.engine.onTrade(trade(1_050, 50_000, 1)); // lends 0.5
    expect(h.engine.positions()[0]?.quantity).toBeCloseTo(0.5, 12);
    h.engine.onTrade(trade(1_060, 50_010, 1)); // the remaining 0.3
    const [position] = h.engine.positions();
    expect(position?.quantity).toBeCloseTo(0.8, 12);
    expect(position?.entryPrice).toBeCloseTo((0.5 * 50_005 + 0.3 * 50_010 * 1.0001) / 0.8, 9);
    expect(h.types()).toEqual(['OrderPlaced', 'OrderFilled', 'PositionOpened', 'OrderFilled']);
    expect(h.activated).toHaveLength(1);
  });

  it('cancels the rest of a working entry before exiting the part already filled', async () => {
    const h = paperEngine();
    h.engine.onSignal(signal(), 50_000);
    h.engine.onTrade(trade(1_050, 50_000, 1));
    const exit = h.engine.requestExit(BTC, 'end_of_data', 1_055);
    expect(exit.ok && exit.order.quantity).toBeCloseTo(0.5, 12);
    expect(exit.ok && exit.order.reduceOnly).toBe(true);
    h.engine.onTrade(trade(1_110, 50_000, 10));
    expect(h.engine.positions()).toEqual([]);
    expect(await h.venue.positions()).toEqual([]);
    expect(h.engine.counters()).toMatchObject({ workingOrders: 0, positionsOpened: 1, positionsClosed: 1 });
  });

  it('closes an opposite position first on a reversal signal, then opens the new direction', () => {
    const h = paperEngine({ maxOpenPositions: 1 });
    openLong(h);
    h.engine.onTrade(trade(2_500, 50_200, 0.01));
    const short = signal({
      signalId: 'sig-2',
      direction: 'short',
      entryPrice: 50_200,
      stopPrice: 50_451,
      ts: 3_000,
    });
    expect(h.engine.onSignal(short, 50_200).ok).toBe(true);
    const placed = h.events.filter((e) => e.type === 'OrderPlaced').slice(1);
    expect(
      placed.map(
        (e) => e.type === 'OrderPlaced' && [e.payload.side, e.payload.reduceOnly, e.payload.purpose],
      ),
    ).toEqual([
      ['sell', true, 'reversal_signal'],
      ['sell', false, 'sig-2'],
    ]);
    h.events.length = 0;
    h.engine.onTrade(trade(3_050, 50_200, 4));
    expect(h.types()).toEqual(['OrderFilled', 'PositionClosed', 'OrderFilled', 'PositionOpened']);
    const [closed] = h.engine.closedTrades();
    const exitPrice = 50_200 * 0.9999;
    expect(closed?.reason).toBe('reversal_signal');
    expect(closed?.pnl).toBeCloseTo(
      (exitPrice - ENTRY_PRICE) * 0.8 - ENTRY_FEE - exitPrice * 0.8 * 0.0004,
      9,
    );
    expect(h.engine.positions().map((p) => p.direction)).toEqual(['short']);
  });
});

describe('ExecutionEngine entry timeout and protective exits', () => {
  it('cancels the unfilled rest of an entry after the timeout and keeps the filled part open', () => {
    const h = paperEngine();
    h.engine.onSignal(signal(), 50_000); // 0.8 BTC at t = 1,000
    h.engine.onTrade(trade(1_050, 50_000, 0.2)); // half of 0.2 fills: 0.1
    h.engine.onTrade(trade(6_000, 50_000, 0.2)); // 5 s after submission: the rest is cancelled first
    h.engine.onTrade(trade(6_100, 50_000, 10));
    const [position] = h.engine.positions();
    expect(position?.quantity).toBeCloseTo(0.1, 12);
    expect(h.engine.counters().workingOrders).toBe(0);
  });

  it('fills a protective exit whole on its first eligible trade, whatever that trade size', () => {
    const h = paperEngine();
    h.engine.onSignal(signal(), 50_000);
    h.engine.onTrade(trade(1_050, 50_000, 10)); // 0.8 filled
    h.engine.requestExit(BTC, 'trailing_stop', 2_000);
    h.engine.onTrade(trade(2_050, 49_800, 0.01));
    expect(h.engine.positions()).toEqual([]);
    expect(h.engine.closedTrades()[0]).toMatchObject({ reason: 'trailing_stop', quantity: 0.8 });
  });
});
