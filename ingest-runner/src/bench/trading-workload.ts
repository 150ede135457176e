import { resolve } from 'node:path';
import { PaperVenue, paperVenueOptions } from '@engine/core/adapters/paper/paper-venue';
import { readCandleFile } from '@engine/core/adapters/files/candle-file';
import { MarketDataPipeline } from '@engine/core/app/market-data-pipeline';
import { TradingSession } from '@engine/core/app/trading-session';
import { parseEngineConfig, type EngineConfig } from '@engine/core/config/engine-config';
import { makeInstrument } from '@engine/core/domain/instrument';
import type { TradeTick } from '@engine/core/domain/ticks';
import { BusEmitter, InProcessEventBus } from '@engine/core/events/event-bus';
import { EventFactory } from '@engine/core/events/event-factory';
import { expandCandles } from '@engine/core/marketdata/candle-expander';
import { ManualClock } from '@engine/core/ports/clock';
import { SequentialIds } from '@engine/core/ports/ids';
import { silentLogger } from '@engine/core/ports/logger';
import { REPO_ROOT } from '../default-data.ts';
import { percentiles, timeLoop } from './measure.ts';
import type { Workload } from './workloads.ts';

/** The whole engine as a replay runs it: analytics, decisions, paper execution, position monitoring. */
function fullStack(config: EngineConfig) {
  const clock = new ManualClock(0);
  const ids = new SequentialIds();
  const factory = new EventFactory(clock, ids);
  const bus = new InProcessEventBus(factory);
  const emitter = new BusEmitter(bus, factory);
  const venue = new PaperVenue(paperVenueOptions(config.execution), ids);
  const session = new TradingSession({ config, bus, emitter, ids, venue, records: undefined });
  const pipeline = new MarketDataPipeline({
    config: config.analytics,
    emitter,
    clock,
    logger: silentLogger,
    store: undefined,
    beforeAnalytics: (tick) => session.onTrade(tick),
  });
  return { bus, session, pipeline };
}

/** Throughput, then per-tick latency split into ticks that ran a decision and the signal-to-order time. */
export function tradingWorkload(w: Workload, config: EngineConfig) {
  const warm = fullStack(config);
  for (let i = 0; i < Math.min(100_000, w.length); i++) warm.pipeline.onTrade(w.tick(i));
  const timed = fullStack(config);
  const throughput = timeLoop(w.length, () => {
    for (let i = 0; i < w.length; i++) timed.pipeline.onTrade(w.tick(i));
  });
  const { bus, session, pipeline } = fullStack(config);
  const decisionTicks: number[] = [];
  const signalToOrder: number[] = [];
  let signalAt = 0n;
  let signalId = '';
  bus.subscribe('TradingSignalGenerated', 'bench', ({ payload }) => {
    signalId = payload.signalId;
    signalAt = process.hrtime.bigint();
  });
  // Entry orders carry their signal id as purpose; exits (also OrderPlaced) are not signal-to-order.
  bus.subscribe('OrderPlaced', 'bench', ({ payload }) => {
    if (payload.purpose === signalId) signalToOrder.push(Number(process.hrtime.bigint() - signalAt));
  });
  for (let i = 0; i < w.length; i++) {
    const tick = w.tick(i);
    const before = session.decisions.funnel().evaluations;
    const t0 = process.hrtime.bigint();
    pipeline.onTrade(tick);
    const elapsed = Number(process.hrtime.bigint() - t0);
    if (session.decisions.funnel().evaluations > before) decisionTicks.push(elapsed);
  }
  return {
    ...throughput,
    tick_to_decision: { ticks: decisionTicks.length, ...percentiles(Float64Array.from(decisionTicks)) },
    signal_to_order:
      signalToOrder.length > 0
        ? { signals: signalToOrder.length, ...percentiles(Float64Array.from(signalToOrder)) }
        : null,
    funnel: session.decisions.funnel(),
    trades: session.closedTrades().length,
  };
}

/** 19 days of real BTCUSD 1m candles expanded to ticks: long enough for the regime filter and for trades. */
export function expandedCandles(): Workload {
  const path = resolve(REPO_ROOT, 'data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv');
  const instrument = makeInstrument('dukascopy', 'cfd', 'BTCUSD');
  const ticks: TradeTick[] = [];
  for (const item of expandCandles(instrument, readCandleFile(path).candles, { seed: 1 })) {
    if (item.kind === 'trade') ticks.push(item.tick);
  }
  return { length: ticks.length, instrumentIds: [instrument.id], tick: (i) => ticks[i] as TradeTick };
}

export const EXPLORATORY_CONFIG = parseEngineConfig({ decision: { primary: { wickToBodyMin: 0.5 } } });
export const DEFAULT_CONFIG = parseEngineConfig({});
