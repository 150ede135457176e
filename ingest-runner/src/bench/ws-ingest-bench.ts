/**
 * WebSocket ingest bench: a local Binance-shaped server in a worker thread blasts trade frames at one
 * connection; the feed (parser -> sequencer, optionally -> market-data pipeline) consumes them. Then the
 * reconnect-to-resumed time and the time to backfill a 1,000-trade gap against the fake Binance server.
 * Prints one JSON object. Usage: node --expose-gc --import tsx ingest-runner/src/bench/ws-ingest-bench.ts
 * [--frames N] [--pipeline]
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  createBinanceFeed,
  isTick,
  realTimers,
  TradeFrameParser,
  TradeSequencer,
  type FeedEvent,
} from '@engine/core/adapters/binance/feed/index';
import { MarketDataPipeline } from '@engine/core/app/market-data-pipeline';
import { defaultAnalyticsConfig } from '@engine/core/config/analytics-config';
import type { TradeTick } from '@engine/core/domain/ticks';
import { BusEmitter, InProcessEventBus } from '@engine/core/events/event-bus';
import { EventFactory } from '@engine/core/events/event-factory';
import { ManualClock } from '@engine/core/ports/clock';
import { SequentialIds } from '@engine/core/ports/ids';
import { silentLogger } from '@engine/core/ports/logger';
import { REPO_ROOT } from '../default-data.ts';
import { loadCaptureTrades, SPOT_BTC_CAPTURE } from '../../../test/support/fake-binance/market-capture.ts';
import { FakeBinanceMarketServer } from '../../../test/support/fake-binance/market-server.ts';

const wallClock = { now: (): number => Date.now() };
const args = process.argv.slice(2);
const FRAMES = Number(args[args.indexOf('--frames') + 1] ?? '') || 2_000_000;
const WITH_PIPELINE = args.includes('--pipeline');

/** CommonJS run by the worker: serve `/stream`, send `frames` trade frames with backpressure. */
const BLASTER = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocketServer } = require(workerData.wsPath);
const { trades, frames } = workerData;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('listening', () => parentPort.postMessage({ port: wss.address().port }));
wss.on('connection', (ws) => {
  let i = 0;
  const socket = ws._socket;
  const pump = () => {
    // Corking batches many small frames into one write, as a busy venue connection would.
    socket.cork();
    let batch = 0;
    while (i < frames && batch++ < 2000 && ws.bufferedAmount < 8 * 1024 * 1024) {
      const t = trades[i % trades.length];
      ws.send('{"stream":"btcusdt@trade","data":{"e":"trade","E":' + (t.time + 1) + ',"s":"BTCUSDT","t":' +
        (1000000 + i) + ',"p":"' + t.price + '","q":"' + t.qty + '","T":' + t.time + ',"m":' + t.buyerMaker + ',"M":true}}');
      i++;
    }
    socket.uncork();
    if (i < frames) setImmediate(pump);
  };
  pump();
});
`;

function pipelineSink(): (tick: TradeTick) => void {
  const clock = new ManualClock(0);
  const factory = new EventFactory(clock, new SequentialIds());
  const emitter = new BusEmitter(new InProcessEventBus(factory), factory);
  const pipeline = new MarketDataPipeline({
    config: defaultAnalyticsConfig,
    emitter,
    clock,
    logger: silentLogger,
    store: undefined,
  });
  return (tick) => pipeline.onTrade(tick);
}

async function throughput(): Promise<Record<string, number | boolean>> {
  const base = loadCaptureTrades(SPOT_BTC_CAPTURE);
  // Monotonic times across the cycling tape so the validator accepts every tick.
  const span = (base[base.length - 1]?.time ?? 0) - (base[0]?.time ?? 0) + 1;
  const trades = Array.from({ length: 20 * base.length }, (_, i) => {
    const t = base[i % base.length] as (typeof base)[number];
    return { ...t, time: t.time + Math.floor(i / base.length) * span };
  });
  const wsPath = createRequire(resolve(REPO_ROOT, 'core/package.json')).resolve('ws');
  const worker = new Worker(BLASTER, { eval: true, workerData: { trades, frames: FRAMES, wsPath } });
  const port = await new Promise<number>((r) => worker.once('message', (m: { port: number }) => r(m.port)));
  const sink = WITH_PIPELINE ? pipelineSink() : undefined;
  let received = 0;
  let firstAt = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const feed = createBinanceFeed({
    venue: 'binance-spot',
    symbols: ['BTCUSDT'],
    clock: wallClock,
    logger: silentLogger,
    baseWsUrl: `ws://127.0.0.1:${port}`,
    baseRestUrl: 'http://127.0.0.1:9',
    onEvent: () => undefined,
    onTick: (tick) => {
      if (received === 0) firstAt = performance.now();
      received++;
      sink?.(tick);
      if (received === FRAMES) done();
    },
  });
  feed.start();
  await finished;
  const seconds = (performance.now() - firstAt) / 1000;
  feed.stop();
  await worker.terminate();
  return {
    frames: FRAMES,
    pipeline: WITH_PIPELINE,
    seconds: round(seconds),
    ticksPerSec: Math.round(FRAMES / seconds),
  };
}

async function reconnectAndBackfill(): Promise<Record<string, number>> {
  const trades = loadCaptureTrades(SPOT_BTC_CAPTURE, 4000);
  const first = trades[0]?.id as number;
  const server = await FakeBinanceMarketServer.start({
    venue: 'spot',
    tapes: new Map([['BTCUSDT', trades]]),
    speed: 100,
  });
  server.faults.skipIds.push({ from: first + 1000, to: first + 1999 });
  const ticks: TradeTick[] = [];
  const events: { event: FeedEvent; at: number }[] = [];
  const feed = createBinanceFeed({
    venue: 'binance-spot',
    symbols: ['BTCUSDT'],
    clock: wallClock,
    logger: silentLogger,
    baseWsUrl: server.wsUrl,
    baseRestUrl: server.restUrl,
    onTick: (t) => ticks.push(t),
    onEvent: (event) => events.push({ event, at: performance.now() }),
    backoffBaseMs: 1,
    backoffMaxMs: 10,
    gapGraceMs: 0,
    random: () => 0.5,
  });
  feed.start();
  while (feed.stats().connected === 0) await sleep(5);
  server.play();
  await until(() => (ticks[ticks.length - 1]?.tradeId ?? 0) > first + 2500);
  const gap = events.find((e) => e.event.type === 'MarketDataGapDetected');
  const resumeTick = ticks.find((t) => t.tradeId === first + 2000);
  const backfillMs = gap && resumeTick ? gap.event.eventTime - resumeTick.localTs : Number.NaN;
  const before = ticks.length;
  const dropAt = performance.now();
  server.dropAll();
  await until(
    () => ticks.length > before && events.some((e) => e.event.type === 'MarketDataConnectionRecovered'),
  );
  const recovered = events.find((e) => e.event.type === 'MarketDataConnectionRecovered');
  const resumedAt = performance.now();
  feed.stop();
  await server.close();
  return {
    backfillGapTrades: 1000,
    backfillMs,
    reconnectToRecoveredMs: round((recovered?.at ?? Number.NaN) - dropAt),
    reconnectToResumedMs: round(resumedAt - dropAt),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('bench timed out');
    await sleep(1);
  }
}
const round = (x: number): number => Math.round(x * 100) / 100;

/** The feed's own CPU cost: parser + sequencer on pre-built frames, no socket. */
function parseAndSequence(): Record<string, number> {
  const base = loadCaptureTrades(SPOT_BTC_CAPTURE);
  const frames = base.map(
    (t, i) =>
      `{"stream":"btcusdt@trade","data":{"e":"trade","E":${t.time + 1},"s":"BTCUSDT","t":${i},"p":"${t.price}","q":"${t.qty}","T":${t.time},"m":${t.buyerMaker},"M":true}}`,
  );
  const parser = new TradeFrameParser(new Map([['BTCUSDT', 'binance-spot:BTCUSDT']]));
  let emitted = 0;
  const run = (rounds: number): number => {
    const started = performance.now();
    for (let r = 0; r < rounds; r++) {
      // A fresh sequencer per round: the frames' ids restart, and a tick copy per frame would skew the figure.
      const sequencer = new TradeSequencer({
        instrumentId: 'binance-spot:BTCUSDT',
        emit: () => emitted++,
        onGap: () => undefined,
        backfill: () => Promise.resolve({ ticks: [], complete: false }),
        timers: realTimers,
        gapGraceMs: 500,
      });
      for (const frame of frames) {
        const parsed = parser.parse(frame, r);
        if (isTick(parsed)) sequencer.onTick(parsed);
      }
    }
    return (rounds * frames.length) / ((performance.now() - started) / 1000);
  };
  run(20);
  return { frames: 100 * frames.length, ticksPerSec: Math.round(run(100)), emitted };
}

const result = {
  parseAndSequence: parseAndSequence(),
  throughput: await throughput(),
  recovery: await reconnectAndBackfill(),
};
console.log(JSON.stringify(result));
