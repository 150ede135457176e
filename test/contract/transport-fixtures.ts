import { EventFactory } from '../../core/src/events/event-factory.ts';
import type { EventOf } from '../../core/src/events/events.ts';
import { ManualClock } from '../../core/src/ports/clock.ts';
import { SequentialIds } from '../../core/src/ports/ids.ts';

export const BTC = 'binance-spot:BTCUSDT';
export const ETH = 'binance-spot:ETHUSDT';

/** Domain events with realistic payloads; ids are namespaced so runs against a shared emulator never collide. */
export class TransportFixtures {
  readonly clock = new ManualClock(1_700_000_000_000);
  readonly factory: EventFactory;

  constructor(namespace: string) {
    this.factory = new EventFactory(this.clock, new SequentialIds(namespace));
  }

  signal(instrumentId: string, n: number): EventOf<'TradingSignalGenerated'> {
    return this.factory.create('TradingSignalGenerated', this.at(n), {
      signalId: `sig-${n}`,
      decisionId: `dec-${n}`,
      instrumentId,
      direction: 'long',
      entryPrice: 100 + n,
      stopPrice: 99 + n,
      confluenceScore: 0.8,
      tier: 'high',
      riskMultiplier: 1,
      ts: this.at(n),
    });
  }

  orderRejected(instrumentId: string, n: number): EventOf<'OrderRejected'> {
    return this.factory.create('OrderRejected', this.at(n), {
      instrumentId,
      clientOrderId: `co-${n}`,
      reasonCode: 'insufficient_balance',
      message: 'not enough quote',
    });
  }

  fill(instrumentId: string, n: number): EventOf<'OrderFilled'> {
    return this.factory.create('OrderFilled', this.at(n), {
      fillId: `fill-${n}`,
      orderId: `ord-${n}`,
      clientOrderId: `co-${n}`,
      instrumentId,
      side: 'buy',
      price: 100 + n,
      quantity: 0.5,
      fee: 0.01,
      liquidity: 'taker',
      ts: this.at(n),
      orderComplete: true,
    });
  }

  exit(instrumentId: string, n: number): EventOf<'ExitTriggered'> {
    return this.factory.create('ExitTriggered', this.at(n), {
      positionId: `pos-${n}`,
      instrumentId,
      direction: 'long',
      reason: 'trailing_stop',
      triggerPrice: 101,
      detail: 'stop hit',
    });
  }

  alert(n: number): EventOf<'RiskAlertRaised'> {
    return this.factory.create('RiskAlertRaised', this.at(n), {
      severity: 'warning',
      code: 'drawdown',
      message: `drawdown ${n}`,
    });
  }

  lifecycle(n: number): EventOf<'EngineLifecycleChanged'> {
    return this.factory.create('EngineLifecycleChanged', this.at(n), {
      instanceId: 'runner-1',
      state: 'ready',
      detail: `step ${n}`,
    });
  }

  tick(instrumentId: string, n: number): EventOf<'TradeTickReceived'> {
    return this.factory.create('TradeTickReceived', this.at(n), {
      instrumentId,
      ts: this.at(n),
      localTs: this.at(n),
      price: 100,
      qty: 1,
      side: 'buy',
      tradeId: n,
    });
  }

  private at(n: number): number {
    this.clock.set(1_700_000_000_000 + n * 1000);
    return 1_700_000_000_000 + n * 1000;
  }
}
