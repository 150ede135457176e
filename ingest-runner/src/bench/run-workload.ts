import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTradeTape } from '@engine/core/adapters/files/trade-tape';
import { CandleBuilder } from '@engine/core/analytics/candles/candle-builder';
import { OrderFlowAnalyzer } from '@engine/core/analytics/orderflow/order-flow';
import { TickRing } from '@engine/core/analytics/orderflow/tick-ring';
import { MarketDataPipeline } from '@engine/core/app/market-data-pipeline';
import { defaultAnalyticsConfig } from '@engine/core/config/analytics-config';
import { TIMEFRAMES } from '@engine/core/domain/candle';
import { makeInstrument } from '@engine/core/domain/instrument';
import { BusEmitter, InProcessEventBus } from '@engine/core/events/event-bus';
import { EventFactory } from '@engine/core/events/event-factory';
import { TickValidator } from '@engine/core/marketdata/tick-validator';
import { ManualClock } from '@engine/core/ports/clock';
import { SequentialIds } from '@engine/core/ports/ids';
import { silentLogger } from '@engine/core/ports/logger';
import { REPO_ROOT } from '../default-data.ts';
import { percentiles, round, settledHeapBytes, timeLoop } from './measure.ts';
import { DEFAULT_CONFIG, EXPLORATORY_CONFIG, expandedCandles, tradingWorkload } from './trading-workload.ts';
import { bundledTapes, syntheticStream, type Workload } from './workloads.ts';

export const WORKLOADS = [
  'tape_parse',
  'bundled_core',
  'bundled_all',
  'many_symbols_core',
  'many_symbols_all',
  'many_symbols_trading',
  'candles_19d_trading',
] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

const TAPES = [
  ['data/tapes/binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv', 'spot', 'BTCUSDT'],
  ['data/tapes/binance-spot_ETHUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv', 'spot', 'ETHUSDT'],
  ['data/tapes/binance-usdm_ETHUSDT_2024-08-08T2354Z_2024-08-09T0000Z_trades.csv', 'usdm', 'ETHUSDT'],
] as const;
const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 200);

function tapes(): Workload {
  return bundledTapes(
    TAPES.map(([p, m, s]) => [resolve(REPO_ROOT, p), m, s] as const),
    1_000_000,
  );
}
function many(): Workload {
  return syntheticStream(SYMBOLS, 10_000, 20 * 60_000);
}

/** Ingestion (validation) + 1m/5m/15m candles + order-flow windows: the minimum every tick pays. */
function corePath(w: Workload, from = 0, to = w.length) {
  const validator = new TickValidator();
  const perSymbol = new Map<string, { ring: TickRing; flow: OrderFlowAnalyzer; candles: CandleBuilder[] }>();
  return timeLoop(to - from, () => {
    for (let i = from; i < to; i++) {
      const tick = w.tick(i);
      if (validator.check(tick) !== undefined) continue;
      let s = perSymbol.get(tick.instrumentId);
      if (!s) {
        const ring = new TickRing(4096);
        const candles = TIMEFRAMES.map((tf) => new CandleBuilder(tick.instrumentId, tf));
        s = { ring, flow: new OrderFlowAnalyzer(ring, defaultAnalyticsConfig.orderFlow), candles };
        perSymbol.set(tick.instrumentId, s);
      }
      for (const c of s.candles) c.onTick(tick);
      s.flow.onTrade(s.ring.push(tick.ts, tick.price, tick.qty, tick.side), tick.ts, tick.qty);
      let oldest = s.ring.next;
      for (const win of s.flow.windows) if (win.startSeq < oldest) oldest = win.startSeq;
      s.ring.releaseBefore(oldest);
    }
  });
}

/** The replay pipeline with every analytic on and an event bus nobody listens to (no log, no store). */
function pipeline(): MarketDataPipeline {
  const clock = new ManualClock(0);
  const factory = new EventFactory(clock, new SequentialIds());
  const emitter = new BusEmitter(new InProcessEventBus(factory), factory);
  return new MarketDataPipeline({
    config: defaultAnalyticsConfig,
    emitter,
    clock,
    logger: silentLogger,
    store: undefined,
  });
}

/** JIT warm-up on a throw-away pipeline (its memory is collectable before the measured run). */
function warmUp(w: Workload): void {
  const warm = pipeline();
  for (let i = 0; i < Math.min(200_000, w.length); i++) warm.onTrade(w.tick(i));
}

function allAnalytics(w: Workload) {
  warmUp(w);
  const heapBefore = settledHeapBytes();
  const p = pipeline();
  const throughput = timeLoop(w.length, () => {
    for (let i = 0; i < w.length; i++) p.onTrade(w.tick(i));
  });
  const heapAfter = settledHeapBytes();
  const symbols = p.symbols().size;
  const latency = pipeline();
  const samples = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const tick = w.tick(i);
    const t0 = process.hrtime.bigint();
    latency.onTrade(tick);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  const perSymbol = (heapAfter - heapBefore) / symbols;
  return {
    ...throughput,
    ...percentiles(samples),
    symbols,
    memory_per_symbol_mb: round(perSymbol / 1_048_576, 3),
  };
}

function tapeParse() {
  const bytes = TAPES.map(([path]) => readFileSync(resolve(REPO_ROOT, path)));
  const instrument = makeInstrument('binance', 'spot', 'BTCUSDT');
  const count = (): number => {
    let n = 0;
    for (const b of bytes)
      for (const item of parseTradeTape(b, instrument, 'bench')) if (item.kind === 'trade') n++;
    return n;
  };
  count();
  let ticks = 0;
  const t = timeLoop(0, () => {
    for (let r = 0; r < 20; r++) ticks += count();
  });
  return { ticks, elapsed_ms: t.elapsed_ms, ticks_per_second: Math.round(ticks / (t.elapsed_ms / 1000)) };
}

export async function runWorkload(name: WorkloadName): Promise<unknown> {
  switch (name) {
    case 'tape_parse':
      return { description: 'trade tape CSV bytes to ticks (bundled tapes x20)', ...tapeParse() };
    case 'bundled_core': {
      const w = tapes();
      corePath(w, 0, 200_000);
      return {
        description: `ingest + candles + order flow, bundled real tapes repeated to ${w.length} ticks`,
        ...corePath(w),
      };
    }
    case 'bundled_all':
      return {
        description: 'every analytic, bundled real tapes (3 instruments) repeated to 1M+ ticks',
        ...allAnalytics(tapes()),
      };
    case 'many_symbols_core': {
      const w = many();
      corePath(w, 0, 200_000);
      return {
        description: `ingest + candles + order flow, ${SYMBOLS} synthetic symbols, ${w.length} ticks over 20 min`,
        ...corePath(w),
      };
    }
    case 'many_symbols_all':
      return {
        description: `every analytic, ${SYMBOLS} synthetic symbols, 10,000 ticks each over 20 min (steady state)`,
        ...allAnalytics(many()),
      };
    case 'many_symbols_trading':
      return {
        description: `full pipeline (analytics, decisions, paper execution, monitoring), ${SYMBOLS} synthetic symbols, design defaults`,
        ...tradingWorkload(many(), DEFAULT_CONFIG),
      };
    case 'candles_19d_trading':
      return {
        description:
          'full pipeline on 19 days of real BTCUSD 1m candles expanded to ticks, config/exploratory.json (trades happen)',
        ...tradingWorkload(expandedCandles(), EXPLORATORY_CONFIG),
      };
  }
}
