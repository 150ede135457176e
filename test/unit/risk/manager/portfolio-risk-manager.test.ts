import { describe, expect, it } from 'vitest';
import { parseEngineConfig } from '../../../../core/src/config/engine-config.ts';
import type { Signal } from '../../../../core/src/domain/trading.ts';
import { BusEmitter, InProcessEventBus } from '../../../../core/src/events/event-bus.ts';
import { EventFactory } from '../../../../core/src/events/event-factory.ts';
import { ManualClock } from '../../../../core/src/ports/clock.ts';
import { SequentialIds } from '../../../../core/src/ports/ids.ts';
import { PortfolioRiskManager } from '../../../../core/src/risk/portfolio/portfolio-risk-manager.ts';
import type { PortfolioPosition } from '../../../../core/src/risk/portfolio/types.ts';
import { tick } from '../../../support/tape.ts';

const ETH = 'binance-usdm:ETHUSDT';

function setup(risk: Record<string, unknown> = {}) {
  const factory = new EventFactory(new ManualClock(0), new SequentialIds());
  const emitter = new BusEmitter(new InProcessEventBus(factory), factory);
  let book: PortfolioPosition[] = [];
  let equity = 10_000;
  const closes: string[] = [];
  const manager = new PortfolioRiskManager(
    parseEngineConfig({ risk }).risk,
    emitter,
    { equity: () => equity, positions: () => book },
    {
      close: (id, reason) => {
        closes.push(`${id}:${reason}`);
      },
      tighten: () => undefined,
    },
  );
  return {
    manager,
    closes,
    setBook: (positions: PortfolioPosition[], eq: number) => {
      book = positions;
      equity = eq;
    },
  };
}

function losingLong(): PortfolioPosition {
  // 5x ETH long down 0.8%: -4% of equity.
  return {
    positionId: 'p1',
    instrumentId: ETH,
    direction: 'long',
    quantity: 20,
    entryPrice: 2_500,
    entryTime: 0,
    lastPrice: 2_480,
    unrealizedPnl: -400,
    notional: 49_600,
    strategy: 'scalping',
    accountId: 'default',
  };
}

const signal = (ts: number): Signal => ({
  signalId: 's',
  decisionId: 'd',
  instrumentId: ETH,
  direction: 'long',
  entryPrice: 2_480,
  stopPrice: 2_470,
  confluenceScore: 5,
  tier: 'medium',
  riskMultiplier: 0.75,
  ts,
});

describe('PortfolioRiskManager entry gate', () => {
  it('blocks entries while health is below 70 and lifts the block once the book is flat again', () => {
    const h = setup({ breaker: { enabled: false }, leverage: { enabled: false } });
    h.setBook([losingLong()], 9_600);
    h.manager.onTrade(tick(1_000, 2_480, 1, 'sell', ETH));
    expect(h.manager.entryGate(signal(1_001))).toMatchObject({
      allowed: false,
      reasonCode: 'portfolio_health',
    });
    h.setBook([], 9_600);
    h.manager.onTrade(tick(7_000, 2_480, 1, 'sell', ETH));
    expect(h.manager.entryGate(signal(7_001))).toEqual({ allowed: true });
  });

  it('keeps the circuit breaker block until the next UTC midnight even when health recovers', () => {
    const h = setup({ health: { enabled: false } });
    const day = Date.UTC(2024, 7, 8);
    const opened = { ...losingLong(), entryTime: day, unrealizedPnl: 0 };
    h.setBook([opened], 10_000);
    h.manager.onTrade(tick(day + 1_000, 2_500, 1, 'sell', ETH));
    h.setBook([{ ...opened, unrealizedPnl: -420 }], 9_580); // -4.2% on the day
    h.manager.onTrade(tick(day + 7_000, 2_479, 1, 'sell', ETH));
    expect(h.closes).toEqual(['p1:circuit_breaker']);
    h.setBook([], 9_580);
    expect(h.manager.entryGate(signal(day + 3_600_000))).toMatchObject({
      allowed: false,
      reasonCode: 'circuit_breaker',
    });
    h.manager.onTrade(tick(day + 86_400_000 + 1, 2_500, 1, 'buy', ETH));
    expect(h.manager.entryGate(signal(day + 86_400_000 + 2))).toEqual({ allowed: true });
  });

  it('counts forced exits by the reason that actually closed the position', () => {
    const h = setup();
    h.manager.onPositionClosed('p1', 'trailing_stop');
    h.manager.onPositionClosed('p2', 'max_hold');
    expect(h.manager.report()).toMatchObject({
      max_hold_exits: 1,
      dump_exits: 0,
      forced_exits: { max_hold: 1, trailing_stop: 1 },
    });
  });
});
