import { parseExecutionConfig, type ExecutionConfig } from '../../../core/src/config/execution-config.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import type { Direction, Fill, Signal } from '../../../core/src/domain/trading.ts';
import { BusEmitter, InProcessEventBus } from '../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../../core/src/events/events.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';

export const BTC = 'binance-usdm:BTCUSDT';
export const ETH = 'binance-usdm:ETHUSDT';
export const SPOT_BTC = 'binance-spot:BTCUSDT';

export function signal(overrides: Partial<Signal> = {}): Signal {
  return {
    signalId: 'sig-1',
    decisionId: 'dec-1',
    instrumentId: BTC,
    direction: 'long',
    entryPrice: 50_000,
    stopPrice: 49_750,
    confluenceScore: 8,
    tier: 'high',
    riskMultiplier: 1,
    ts: 1_000,
    ...overrides,
  };
}

/** A stop at `fraction` from entry on the losing side of `direction`. */
export function stopAt(entry: number, fraction: number, direction: Direction): number {
  return direction === 'long' ? entry * (1 - fraction) : entry * (1 + fraction);
}

export function trade(ts: number, price: number, qty: number, instrumentId = BTC): TradeTick {
  return { instrumentId, ts, localTs: ts, price, qty, side: 'buy', tradeId: undefined };
}

export function fill(overrides: Partial<Fill>): Fill {
  return {
    fillId: 'f',
    orderId: 'o',
    clientOrderId: 'c',
    instrumentId: BTC,
    side: 'buy',
    price: 100,
    quantity: 1,
    fee: 0,
    liquidity: 'taker',
    ts: 0,
    orderComplete: true,
    ...overrides,
  };
}

/** A real bus with a recorder on every event. */
export function recordingBus() {
  const ids = new SequentialIds('bus');
  const factory = new EventFactory(new ManualClock(0), ids);
  const bus = new InProcessEventBus(factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('recorder', (event) => events.push(event));
  return { emitter: new BusEmitter(bus, factory), events, types: () => events.map((e) => e.type) };
}

export function config(overrides: Record<string, unknown> = {}): ExecutionConfig {
  return parseExecutionConfig(overrides);
}
