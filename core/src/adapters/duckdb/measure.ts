import { makeInstrument } from '../../domain/instrument.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import { DuckDbMarketStore } from './duckdb-market-store.ts';
import { KEEP_EVERYTHING } from './retention.ts';

const WARM_UP_ROWS = 65_536;

/** Deterministic synthetic trade number `i` (no randomness: benches must be repeatable). */
function syntheticTick(instrumentId: string, i: number): TradeTick {
  const ts = 1_700_000_000_000 + i;
  return {
    instrumentId,
    ts,
    localTs: ts + 3,
    price: 50_000 + ((i * 7919) % 2000) / 100,
    qty: 0.001 + ((i * 104_729) % 1000) / 10_000,
    side: (i * 31) % 3 === 0 ? 'sell' : 'buy',
    tradeId: i,
  };
}

/**
 * Appends `rows` synthetic ticks to an in-memory store and flushes; returns rows per second of appends plus
 * flush, timed with `performance.now()`. Building each tick object is inside the timing (as in the pipeline);
 * a small warm-up batch is written first so the figure is the steady-state write path, not JIT warm-up.
 */
export async function measureAppendRate(rows: number): Promise<{ rowsPerSecond: number; rows: number }> {
  if (!Number.isInteger(rows) || rows < 1)
    throw new RangeError(`rows must be a positive integer, got ${rows}`);
  const instrument = makeInstrument('bench', 'spot', 'BTCUSDT');
  const store = await DuckDbMarketStore.open({
    rootDir: ':memory:',
    retention: KEEP_EVERYTHING,
    maxBufferedRows: Math.max(rows, WARM_UP_ROWS) + 1,
  });
  try {
    await store.register(instrument);
    for (let i = 0; i < WARM_UP_ROWS; i++) store.appendTick(syntheticTick(instrument.id, -WARM_UP_ROWS + i));
    await store.flush();

    const started = performance.now();
    for (let i = 0; i < rows; i++) store.appendTick(syntheticTick(instrument.id, i));
    await store.flush();
    const elapsedMs = performance.now() - started;
    return { rowsPerSecond: elapsedMs > 0 ? (rows / elapsedMs) * 1000 : Number.POSITIVE_INFINITY, rows };
  } finally {
    await store.close();
  }
}
