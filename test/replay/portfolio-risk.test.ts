import { describe, expect, it } from 'vitest';
import { CandleBuilder } from '../../core/src/analytics/candles/candle-builder.ts';
import { parseEngineConfig } from '../../core/src/config/engine-config.ts';
import type { TradeTick } from '../../core/src/domain/ticks.ts';
import type { ExitReason } from '../../core/src/domain/trading.ts';
import { BusEmitter, InProcessEventBus } from '../../core/src/events/event-bus.ts';
import { EventFactory } from '../../core/src/events/event-factory.ts';
import type { EngineEvent } from '../../core/src/events/events.ts';
import { ManualClock } from '../../core/src/ports/clock.ts';
import { SequentialIds } from '../../core/src/ports/ids.ts';
import { PortfolioRiskManager } from '../../core/src/risk/portfolio/portfolio-risk-manager.ts';
import type { PortfolioPosition } from '../../core/src/risk/portfolio/types.ts';
import { BTC_TAPE, ETH_TAPE, loadTape } from '../support/tape.ts';

const BTC = 'binance-spot:BTCUSDT';
const ETH = 'binance-spot:ETHUSDT';

/** The real BTCUSDT and ETHUSDT spot tapes of the same eleven minutes, merged in event time. */
function realTicks(): TradeTick[] {
  return [...loadTape(BTC_TAPE, BTC), ...loadTape(ETH_TAPE, ETH)].sort((a, b) => a.ts - b.ts);
}

interface Held {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly direction: 'long' | 'short';
  readonly quantity: number;
  readonly entryPrice: number;
  readonly entryTime: number;
}

/** A risk manager over a hand-held book: positions opened by the test, marked to the replayed trades. */
function harness(held: Held[], riskOverrides: Record<string, unknown> = {}, startingEquity = 10_000) {
  const config = parseEngineConfig({ risk: riskOverrides }).risk;
  const factory = new EventFactory(new ManualClock(0), new SequentialIds());
  const bus = new InProcessEventBus(factory);
  const events: EngineEvent[] = [];
  bus.subscribeAll('capture', (e) => events.push(e));
  const last = new Map<string, number>();
  const open = new Map(held.map((h) => [h.positionId, h]));
  const closes: { positionId: string; reason: ExitReason; ts: number; price: number }[] = [];
  const tightened: number[] = [];
  const positions = (): PortfolioPosition[] =>
    [...open.values()].map((h) => {
      const price = last.get(h.instrumentId) ?? h.entryPrice;
      const sign = h.direction === 'long' ? 1 : -1;
      return {
        ...h,
        lastPrice: price,
        unrealizedPnl: sign * (price - h.entryPrice) * h.quantity,
        notional: price * h.quantity,
        strategy: 'scalping',
        accountId: 'default',
      };
    });
  const equity = () => startingEquity + positions().reduce((s, p) => s + p.unrealizedPnl, 0);
  const manager = new PortfolioRiskManager(
    config,
    new BusEmitter(bus, factory),
    { equity, positions },
    {
      close: (positionId, reason, _detail, ts) => {
        const h = open.get(positionId)!;
        closes.push({ positionId, reason, ts, price: last.get(h.instrumentId)! });
        open.delete(positionId);
        manager.onPositionClosed(positionId, reason);
      },
      tighten: (distance) => tightened.push(distance),
    },
  );
  for (const p of positions()) manager.onPositionOpened(p);
  const builders = new Map<string, CandleBuilder>();
  const feed = (tick: TradeTick) => {
    last.set(tick.instrumentId, tick.price);
    let builder = builders.get(tick.instrumentId);
    if (!builder) builders.set(tick.instrumentId, (builder = new CandleBuilder(tick.instrumentId, '1m')));
    const closed = builder.onTick(tick);
    manager.onTrade(tick);
    if (closed) manager.onCandle(closed);
  };
  return { manager, events, closes, tightened, feed };
}

describe('portfolio risk on the real BTCUSDT and ETHUSDT tapes', () => {
  it('exits an ETH long on a dump signal the real path produces, before its trailing stop', () => {
    const ticks = realTicks();
    const first = ticks.find((t) => t.instrumentId === ETH)!;
    const h = harness([
      {
        positionId: 'eth-long',
        instrumentId: ETH,
        direction: 'long',
        quantity: 1,
        entryPrice: first.price,
        entryTime: first.ts,
      },
    ]);
    for (const t of ticks) h.feed(t);
    expect(h.closes).toHaveLength(1);
    expect(h.closes[0]).toMatchObject({ positionId: 'eth-long', reason: 'dump_detected' });
    const dump = h.events.find((e) => e.type === 'DumpDetected');
    expect(dump?.payload).toMatchObject({ positionId: 'eth-long', instrumentId: ETH });
    expect(h.events.find((e) => e.type === 'ForceExitRequired')?.payload).toMatchObject({
      reason: 'dump_detected',
    });
    expect(h.manager.report().dump_exits).toBe(1);
  });

  it('trips the daily drawdown breaker when the real ETH path is shifted down 1% over three minutes at 5x', () => {
    const ticks = realTicks();
    const first = ticks.find((t) => t.instrumentId === ETH)!;
    const start = first.ts + 60_000;
    // Deterministic shift: from one minute in, ETH prices fall linearly to 1% below the real path.
    const shifted = ticks.map((t) => {
      if (t.instrumentId !== ETH || t.ts < start) return t;
      const fall = Math.min(1, (t.ts - start) / 180_000) * 0.01;
      return { ...t, price: t.price * (1 - fall) };
    });
    const quantity = 50_000 / first.price; // 5x of 10,000 equity
    // Dump detection and the health score would act first on this path; switched off, the breaker is alone.
    const h = harness(
      [
        {
          positionId: 'eth-5x',
          instrumentId: ETH,
          direction: 'long',
          quantity,
          entryPrice: first.price,
          entryTime: first.ts,
        },
      ],
      { dump: { enabled: false }, health: { enabled: false } },
    );
    for (const t of shifted) h.feed(t);
    const trips = h.events
      .filter((e) => e.type === 'CircuitBreakerTriggered')
      .map((e) => e.payload as { level: number; drawdownPercent: number });
    expect(trips.length).toBeGreaterThan(0);
    expect(trips[0]!.level).toBe(2);
    const closing = trips.find((t) => t.level >= 3)!;
    expect(closing.drawdownPercent).toBeGreaterThanOrEqual(3);
    expect(h.closes).toHaveLength(1);
    expect(h.closes[0]).toMatchObject({ positionId: 'eth-5x', reason: 'circuit_breaker' });
    expect(h.events.some((e) => e.type === 'RiskAlertRaised')).toBe(true);
  });

  it('degrades the health score below 70 on a shifted real path and blocks new entries', () => {
    const ticks = realTicks();
    const first = ticks.find((t) => t.instrumentId === ETH)!;
    const start = first.ts + 60_000;
    const shifted = ticks.map((t) => {
      if (t.instrumentId !== ETH || t.ts < start) return t;
      return { ...t, price: t.price * (1 - Math.min(1, (t.ts - start) / 180_000) * 0.008) };
    });
    const quantity = 50_000 / first.price;
    const h = harness(
      [
        {
          positionId: 'eth-5x',
          instrumentId: ETH,
          direction: 'long',
          quantity,
          entryPrice: first.price,
          entryTime: first.ts,
        },
      ],
      { dump: { enabled: false }, breaker: { enabled: false }, leverage: { enabled: false } },
    );
    for (const t of shifted) h.feed(t);
    const degraded = h.events
      .filter((e) => e.type === 'PortfolioHealthDegraded')
      .map((e) => e.payload as { score: number; action: string });
    expect(degraded.length).toBeGreaterThan(0);
    expect(degraded[0]!.score).toBeLessThan(70);
    expect(degraded[0]!.action).toBe('block_entries');
    // A 5x long down about 4% of equity: P&L factor 6-12 of 30, the rest healthy, so 60-70 (caution band).
    expect(h.tightened).toEqual([]);
    const signal = {
      signalId: 's',
      decisionId: 'd',
      instrumentId: BTC,
      direction: 'long' as const,
      entryPrice: 1,
      stopPrice: 0.99,
      confluenceScore: 5,
      tier: 'medium' as const,
      riskMultiplier: 0.75,
      ts: shifted.at(-1)!.ts,
    };
    expect(h.manager.entryGate(signal)).toMatchObject({ allowed: false, reasonCode: 'portfolio_health' });
    expect(h.manager.report().health_min).toBeGreaterThan(50);
    expect(h.manager.report().health_min).toBeLessThan(70);
  });

  /**
   * Slowed three times, the eleven real minutes give 33 one-minute candles per symbol: enough aligned
   * returns (30) for a correlation (0.78 on the unshifted minutes). Then BTC is pushed down 1.6% over the
   * last four minutes.
   * `coupling` in [0, 1] rebuilds ETH as its first price times BTC's move since the start to that power,
   * times ETH's own move to the power 1 - coupling (0: the real ETH path; 1: ETH moves exactly like BTC).
   */
  function correlatedScenario(coupling: number) {
    const ticks = realTicks();
    const t0 = ticks[0]!.ts;
    const end = t0 + (ticks.at(-1)!.ts - t0) * 3;
    const dropStart = end - 240_000;
    const btcStart = ticks.find((t) => t.instrumentId === BTC)!.price;
    const ethStart = ticks.find((t) => t.instrumentId === ETH)!.price;
    let btcNow = btcStart;
    const slow = ticks.map((t) => {
      const ts = t0 + (t.ts - t0) * 3;
      if (t.instrumentId === BTC) {
        const fall = ts > dropStart ? ((ts - dropStart) / 240_000) * 0.016 : 0;
        btcNow = t.price * (1 - fall);
        return { ...t, ts, localTs: ts, price: btcNow };
      }
      const price = ethStart * (btcNow / btcStart) ** coupling * (t.price / ethStart) ** (1 - coupling);
      return { ...t, ts, localTs: ts, price };
    });
    const firstEth = slow.find((t) => t.instrumentId === ETH)!;
    const h = harness(
      [
        {
          positionId: 'eth-long',
          instrumentId: ETH,
          direction: 'long',
          quantity: 1,
          entryPrice: firstEth.price,
          entryTime: firstEth.ts,
        },
      ],
      {
        dump: { enabled: false },
        hold: { enabled: false },
        health: { enabled: false },
        breaker: { enabled: false },
      },
    );
    for (const t of slow) h.feed(t);
    const correlated = h.events.find((e) => e.type === 'CorrelatedDumpDetected');
    const affected =
      (
        correlated?.payload as
          { affected: { positionId: string; correlation: number; action: string }[] } | undefined
      )?.affected ?? [];
    return { h, correlated, affected };
  }

  it('keeps the ETH long when the drop is BTC alone: its steady slide decorrelates the two (r < 0.4)', () => {
    const { h, correlated, affected } = correlatedScenario(0);
    expect(correlated?.payload).toMatchObject({ leader: BTC });
    expect(affected).toHaveLength(1);
    expect(affected[0]!.correlation).toBeLessThan(0.4);
    expect(affected[0]!.action).toBe('keep');
    expect(h.closes).toEqual([]);
  });

  it('exits the ETH long when ETH is shifted to follow BTC and BTC drops 1.6% in four minutes', () => {
    const { h, affected } = correlatedScenario(0.8);
    expect(affected).toHaveLength(1);
    expect(affected[0]!.correlation).toBeGreaterThan(0.7);
    expect(affected[0]!.action).toBe('exit');
    expect(h.closes).toEqual([
      expect.objectContaining({ positionId: 'eth-long', reason: 'correlated_dump' }),
    ]);
    expect(h.manager.report().correlation_exits).toBe(1);
  });

  it('closes a scalp held past 30 minutes when the real tape is replayed at a third of its speed', () => {
    const ticks = realTicks();
    const t0 = ticks[0]!.ts;
    const slow = ticks.map((t) => ({ ...t, ts: t0 + (t.ts - t0) * 3, localTs: t0 + (t.ts - t0) * 3 }));
    const firstBtc = slow.find((t) => t.instrumentId === BTC)!;
    // A short BTC position with a tiny size: only the hold limit can act on it.
    const h = harness(
      [
        {
          positionId: 'btc-hold',
          instrumentId: BTC,
          direction: 'short',
          quantity: 0.001,
          entryPrice: firstBtc.price,
          entryTime: firstBtc.ts,
        },
      ],
      { dump: { enabled: false } },
    );
    for (const t of slow) h.feed(t);
    expect(h.closes).toHaveLength(1);
    expect(h.closes[0]!.reason).toBe('max_hold');
    const held = h.closes[0]!.ts - firstBtc.ts;
    expect(held).toBeGreaterThanOrEqual(30 * 60_000);
    expect(held).toBeLessThan(30 * 60_000 + 10_000);
    expect(h.events.find((e) => e.type === 'MaxHoldTimeExceeded')?.payload).toMatchObject({
      positionId: 'btc-hold',
      maxHoldMs: 1_800_000,
    });
    expect(h.manager.report().max_hold_exits).toBe(1);
  });
});
