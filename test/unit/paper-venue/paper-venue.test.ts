import { describe, expect, it } from 'vitest';
import { PaperVenue, paperVenueOptions } from '../../../core/src/adapters/paper/paper-venue.ts';
import { parseExecutionConfig } from '../../../core/src/config/execution-config.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import type { Fill } from '../../../core/src/domain/trading.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import type { ExecutionReport, OrderRequest } from '../../../core/src/ports/venue.ts';

const SPOT = 'binance-spot:BTCUSDT';
const USDM = 'binance-usdm:BTCUSDT';

function setup(overrides: Record<string, unknown> = {}) {
  const venue = new PaperVenue(paperVenueOptions(parseExecutionConfig(overrides)), new SequentialIds());
  const reports: ExecutionReport[] = [];
  venue.onExecution((r) => reports.push(r));
  const fills = () => reports.flatMap((r) => (r.kind === 'fill' ? [r.fill] : []));
  return { venue, reports, fills };
}

let clientCounter = 0;
function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  clientCounter += 1;
  return {
    clientOrderId: `c-${clientCounter}`,
    instrumentId: SPOT,
    side: 'buy',
    type: 'market',
    quantity: 0.1,
    limitPrice: undefined,
    timeInForce: 'gtc',
    reduceOnly: false,
    ts: 1_000,
    purpose: 'test',
    ...overrides,
  };
}

function trade(ts: number, price: number, qty: number, instrumentId = SPOT): TradeTick {
  return { instrumentId, ts, localTs: ts, price, qty, side: 'sell', tradeId: undefined };
}

function only(fills: Fill[]): Fill {
  expect(fills).toHaveLength(1);
  return fills[0] as Fill;
}

describe('PaperVenue market orders', () => {
  it('fills on the first trade at or after submission plus latency, not before', () => {
    const { venue, fills } = setup();
    expect(venue.submit(order({ ts: 1_000 })).accepted).toBe(true);
    venue.onTrade(trade(1_000, 50_000, 5));
    venue.onTrade(trade(1_049, 50_000, 5));
    venue.onTrade(trade(1_060, 49_000, 5, USDM));
    expect(fills()).toEqual([]);
    venue.onTrade(trade(1_050, 50_100, 5));
    expect(only(fills())).toMatchObject({ ts: 1_050, quantity: 0.1, orderComplete: true });
  });

  it('honours a configured latency of zero and of 250 ms', () => {
    const zero = setup({ paper: { latencyMs: 0 } });
    zero.venue.submit(order({ ts: 1_000 }));
    zero.venue.onTrade(trade(1_000, 50_000, 5));
    expect(zero.fills()).toHaveLength(1);
    const slow = setup({ paper: { latencyMs: 250 } });
    slow.venue.submit(order({ ts: 1_000 }));
    slow.venue.onTrade(trade(1_249, 50_000, 5));
    expect(slow.fills()).toHaveLength(0);
    slow.venue.onTrade(trade(1_250, 50_000, 5));
    expect(slow.fills()).toHaveLength(1);
  });

  it('moves the price 1 bp against the order and charges the spot taker fee of 0.1%', () => {
    const { venue, fills } = setup();
    venue.submit(order({ side: 'buy' }));
    venue.submit(order({ side: 'sell', instrumentId: 'binance-spot:ETHUSDT', quantity: 2 }));
    venue.onTrade(trade(1_050, 50_000, 5));
    venue.onTrade(trade(1_050, 3_000, 50, 'binance-spot:ETHUSDT'));
    const [buy, sell] = fills();
    expect(buy?.price).toBeCloseTo(50_005, 9);
    expect(buy?.fee).toBeCloseTo(5.0005, 9);
    expect(buy?.liquidity).toBe('taker');
    expect(sell?.price).toBeCloseTo(2_999.7, 9);
    expect(sell?.fee).toBeCloseTo(2_999.7 * 2 * 0.001, 9);
  });

  it('charges the USD-M taker fee of 0.04% and applies a configured slippage', () => {
    const { venue, fills } = setup({ paper: { slippageBps: 5 } });
    venue.submit(order({ instrumentId: USDM }));
    venue.onTrade(trade(1_050, 50_000, 5, USDM));
    const fill = only(fills());
    expect(fill.price).toBeCloseTo(50_025, 9);
    expect(fill.fee).toBeCloseTo(50_025 * 0.1 * 0.0004, 9);
  });

  it('fills a large order across trades at half of each trade size', () => {
    const { venue, fills } = setup();
    venue.submit(order({ quantity: 1 }));
    venue.onTrade(trade(1_050, 50_000, 0.5));
    venue.onTrade(trade(1_051, 50_010, 1));
    venue.onTrade(trade(1_052, 50_020, 4));
    venue.onTrade(trade(1_053, 50_030, 4));
    expect(fills().map((f) => [f.quantity, f.orderComplete])).toEqual([
      [0.25, false],
      [0.5, false],
      [0.25, true],
    ]);
    expect(fills().map((f) => f.price)).toEqual([50_000 * 1.0001, 50_010 * 1.0001, 50_020 * 1.0001]);
  });

  it('fills quote-driven CFD orders whole, since their tick volume is a count of quotes, not size', () => {
    const { venue, fills } = setup();
    const cfd = 'dukascopy-cfd:BTCUSD';
    venue.submit(order({ instrumentId: cfd, quantity: 3 }));
    venue.onTrade(trade(1_050, 24_000, 1, cfd));
    expect(fills().map((f) => [f.quantity, f.orderComplete, f.fee])).toEqual([[3, true, 0]]);
  });

  it('ends a replay flat: closes reduce-only orders at the last price and cancels pending entries', async () => {
    const { venue, fills, reports } = setup();
    venue.submit(order({ quantity: 0.2 }));
    venue.onTrade(trade(1_050, 50_000, 10));
    venue.submit(order({ side: 'sell', quantity: 0.2, reduceOnly: true, ts: 1_060 }));
    venue.submit(order({ quantity: 0.1, ts: 1_060 }));
    venue.settleAtLastPrices(1_070);
    expect(fills().map((f) => [f.side, f.quantity, f.price, f.ts])).toEqual([
      ['buy', 0.2, 50_000 * 1.0001, 1_050],
      ['sell', 0.2, 50_000 * 0.9999, 1_070],
    ]);
    expect(
      reports.filter((r) => r.kind === 'cancelled').map((r) => r.kind === 'cancelled' && r.reasonCode),
    ).toEqual(['end_of_data']);
    expect(await venue.openOrders()).toEqual([]);
  });

  it('shares a trade first come first served between working orders', () => {
    const { venue, fills } = setup();
    const first = venue.submit(order({ quantity: 0.6 }));
    venue.submit(order({ quantity: 0.6 }));
    venue.onTrade(trade(1_050, 50_000, 2));
    expect(fills().map((f) => f.quantity)).toEqual([0.6, 0.4]);
    expect(first.accepted && fills()[0]?.orderId).toBe(first.accepted ? first.order.orderId : '');
  });

  it('lets orders submitted while a trade is processed wait for the next trade', () => {
    const { venue, fills } = setup({ paper: { latencyMs: 0 } });
    venue.onExecution((r) => {
      if (r.kind === 'fill' && r.fill.side === 'buy')
        venue.submit(order({ side: 'sell', reduceOnly: true, ts: r.fill.ts }));
    });
    venue.submit(order());
    venue.onTrade(trade(1_000, 50_000, 5));
    expect(fills().map((f) => f.side)).toEqual(['buy']);
    venue.onTrade(trade(1_001, 50_000, 5));
    expect(fills().map((f) => f.side)).toEqual(['buy', 'sell']);
  });
});

describe('PaperVenue limit orders', () => {
  it('fills a buy limit at its price as maker once a trade prints at or below it', () => {
    const { venue, fills } = setup();
    venue.submit(order({ type: 'limit', limitPrice: 49_900 }));
    venue.onTrade(trade(1_050, 50_000, 5));
    expect(fills()).toEqual([]);
    venue.onTrade(trade(1_060, 49_850, 5));
    expect(only(fills())).toMatchObject({ price: 49_900, liquidity: 'maker' });
    expect(fills()[0]?.fee).toBeCloseTo(49_900 * 0.1 * 0.001, 9);
  });

  it('fills a sell limit on USD-M with the 0.02% maker fee', () => {
    const { venue, fills } = setup();
    venue.submit(order({ instrumentId: USDM, side: 'sell', type: 'limit', limitPrice: 50_100 }));
    venue.onTrade(trade(1_050, 50_099, 5, USDM));
    venue.onTrade(trade(1_060, 50_100, 5, USDM));
    expect(only(fills()).fee).toBeCloseTo(50_100 * 0.1 * 0.0002, 9);
  });

  it('expires what an IOC limit could not fill on its first eligible trade', () => {
    const { venue, reports } = setup();
    venue.submit(order({ type: 'limit', limitPrice: 49_900, timeInForce: 'ioc' }));
    venue.onTrade(trade(1_050, 50_000, 5));
    expect(reports).toMatchObject([
      { kind: 'cancelled', reasonCode: 'ioc_expired', order: { status: 'cancelled' } },
    ]);
  });

  it('refuses a post-only order that would cross the last trade', () => {
    const { venue } = setup();
    venue.onTrade(trade(900, 50_000, 1));
    const crossing = venue.submit(order({ type: 'limit', limitPrice: 50_000, timeInForce: 'post_only' }));
    expect(crossing).toMatchObject({ accepted: false, reasonCode: 'post_only_would_cross' });
    expect(
      venue.submit(order({ type: 'limit', limitPrice: 49_999, timeInForce: 'post_only' })).accepted,
    ).toBe(true);
  });
});

describe('PaperVenue refusals, cancels and queries', () => {
  it('refuses invalid requests with stable codes', () => {
    const { venue } = setup();
    expect(venue.submit(order({ quantity: 0 }))).toMatchObject({ reasonCode: 'invalid_quantity' });
    expect(venue.submit(order({ quantity: Number.NaN }))).toMatchObject({ reasonCode: 'invalid_quantity' });
    expect(venue.submit(order({ instrumentId: 'nowhere:XYZ' }))).toMatchObject({
      reasonCode: 'unknown_instrument',
    });
    expect(venue.submit(order({ type: 'limit' }))).toMatchObject({ reasonCode: 'invalid_price' });
    expect(venue.submit(order({ side: 'sell', reduceOnly: true }))).toMatchObject({
      reasonCode: 'reduce_only_would_increase',
    });
    const twice = order();
    expect(venue.submit(twice).accepted).toBe(true);
    expect(venue.submit(twice)).toMatchObject({ reasonCode: 'duplicate_client_order_id' });
  });

  it('cancels a working order, reports it and never fills it', async () => {
    const { venue, reports } = setup();
    const placed = venue.submit(order());
    const orderId = placed.accepted ? placed.order.orderId : '';
    expect(await venue.openOrders()).toHaveLength(1);
    expect(venue.cancel(orderId, 1_010)).toBe(true);
    expect(venue.cancel(orderId, 1_011)).toBe(false);
    venue.onTrade(trade(1_050, 50_000, 5));
    expect(reports).toMatchObject([{ kind: 'cancelled', reasonCode: 'cancelled_by_request' }]);
    expect(await venue.openOrders()).toEqual([]);
  });

  it('keeps reduce-only orders from going through zero and completes them at flat', async () => {
    const { venue, fills } = setup();
    venue.submit(order({ quantity: 0.1 }));
    venue.onTrade(trade(1_050, 50_000, 5));
    venue.submit(order({ side: 'sell', reduceOnly: true, quantity: 0.3, ts: 2_000 }));
    venue.onTrade(trade(2_050, 51_000, 5));
    expect(fills()[1]).toMatchObject({ side: 'sell', quantity: 0.1, orderComplete: true });
    expect(await venue.positions()).toEqual([]);
  });

  it('settles realized P&L and fees into the quote balance and reports positions', async () => {
    const { venue } = setup();
    venue.submit(order({ quantity: 0.1 }));
    venue.onTrade(trade(1_050, 50_000, 5));
    expect(await venue.positions()).toEqual([{ instrumentId: SPOT, quantity: 0.1, entryPrice: 50_005 }]);
    venue.submit(order({ side: 'sell', quantity: 0.1, reduceOnly: true, ts: 2_000 }));
    venue.onTrade(trade(2_050, 51_000, 5));
    const [balance] = await venue.balances();
    // (50,994.9 − 50,005) × 0.1 − 5.0005 − 5.09949
    expect(balance?.asset).toBe('USDT');
    expect(balance?.free).toBeCloseTo(10_000 + 98.99 - 5.0005 - 5.09949, 9);
  });

  it('numbers orders and fills from the injected generator', () => {
    const { venue, fills } = setup();
    const placed = venue.submit(order());
    venue.onTrade(trade(1_050, 50_000, 5));
    expect(placed.accepted && placed.order.orderId).toBe('ord-1');
    expect(fills()[0]?.fillId).toBe('fill-2');
  });
});
