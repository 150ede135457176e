import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  DuckDbMarketStore,
  KEEP_EVERYTHING,
  measureAppendRate,
} from '../../../core/src/adapters/duckdb/index.ts';
import { makeInstrument } from '../../../core/src/domain/instrument.ts';
import type { TradeTick } from '../../../core/src/domain/ticks.ts';
import { makeTicks, rng, storedTick } from './fixtures.ts';

const BTC = makeInstrument('binance', 'spot', 'BTCUSDT');
const T0 = 1_700_000_000_000;

/** Ticks whose timestamps are shuffled, so insertion order differs from time order. */
function shuffledTicks(count: number, seed: number): TradeTick[] {
  const ticks = makeTicks(BTC.id, count, T0, 100, seed);
  const next = rng(seed + 1);
  const times = ticks.map((t) => t.ts);
  for (let i = times.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [times[i], times[j]] = [times[j] as number, times[i] as number];
  }
  return ticks.map((t, i) => ({ ...t, ts: times[i] as number }));
}

describe('DuckDbMarketStore buffering', () => {
  it('flushes by itself past maxBufferedRows and keeps insertion order across flushes', async () => {
    const store = await DuckDbMarketStore.open({
      rootDir: ':memory:',
      retention: KEEP_EVERYTHING,
      maxBufferedRows: 1000,
    });
    await store.register(BTC);
    const ticks = shuffledTicks(9_000, 7);

    for (const tick of ticks.slice(0, 2500)) store.appendTick(tick);
    expect(store.stats()).toMatchObject({ flushes: 0, bufferedRows: 2500 });
    await vi.waitFor(() => expect(store.stats().flushes).toBe(1));
    expect(await store.countRows(BTC.id, 'ticks')).toBe(2500);
    expect(store.stats().bufferedRows).toBe(0);

    // Small batches with the event loop turning in between: several automatic flushes interleave with appends.
    for (let offset = 2500; offset < 8_800; offset += 700) {
      for (const tick of ticks.slice(offset, Math.min(offset + 700, 8_800))) store.appendTick(tick);
      await nextMacrotask();
    }
    for (const tick of ticks.slice(8_800)) store.appendTick(tick);
    await store.flush();

    expect(store.stats().flushes).toBeGreaterThanOrEqual(5);
    expect(store.stats()).toMatchObject({
      ticksAppended: 9_000,
      rowsWritten: 9_000,
      bufferedRows: 0,
      writeErrors: 0,
    });
    expect(await store.readTicks(BTC.id)).toEqual(ticks.map((t) => storedTick(t, 'binance')));
    await store.close();
  });

  it('does not touch DuckDB on append: rows wait in the buffer until a flush', async () => {
    const store = await DuckDbMarketStore.open({ rootDir: ':memory:', retention: KEEP_EVERYTHING });
    await store.register(BTC);
    for (const tick of makeTicks(BTC.id, 100, T0, 100, 3)) store.appendTick(tick);
    await nextMacrotask();
    expect(await store.countRows(BTC.id, 'ticks')).toBe(0);
    expect(store.stats().bufferedRows).toBe(100);
    await store.flush();
    expect(await store.countRows(BTC.id, 'ticks')).toBe(100);
    await store.close();
  });

  it('buffers ticks appended while the registration is still attaching', async () => {
    const store = await DuckDbMarketStore.open({ rootDir: ':memory:', retention: KEEP_EVERYTHING });
    const registered = store.register(BTC);
    const ticks = makeTicks(BTC.id, 50, T0, 100, 4);
    for (const tick of ticks) store.appendTick(tick);
    await registered;
    await store.flush();
    expect(await store.readTicks(BTC.id)).toEqual(ticks.map((t) => storedTick(t, 'binance')));
    await store.close();
  });

  it('throws on appends for unregistered instruments, non-integer times and after close', async () => {
    const store = await DuckDbMarketStore.open({ rootDir: ':memory:', retention: KEEP_EVERYTHING });
    await store.register(BTC);
    const [tick] = makeTicks(BTC.id, 1, T0, 100, 5) as [TradeTick];
    expect(() => store.appendTick({ ...tick, instrumentId: 'binance-spot:NOPE' })).toThrow(/not registered/);
    expect(() => store.appendTick({ ...tick, ts: T0 + 0.5 })).toThrow(/integer ms/);
    await expect(store.countRows('binance-spot:NOPE', 'ticks')).rejects.toThrow(/not registered/);
    await store.close();
    expect(() => store.appendTick(tick)).toThrow(/closed/);
  });

  it('quotes odd venue names in the alias and the exchange column', async () => {
    const store = await DuckDbMarketStore.open({ rootDir: ':memory:', retention: KEEP_EVERYTHING });
    const odd = makeInstrument(`o'brien "x"`, 'spot', 'BTCUSDT');
    const plain = makeInstrument('o-brien-x', 'spot', 'BTCUSDT');
    await store.register(odd);
    await store.register(plain);
    const ticks = makeTicks(odd.id, 10, T0, 100, 6);
    for (const tick of ticks) store.appendTick(tick);
    await store.flush();
    expect(await store.readTicks(odd.id)).toEqual(ticks.map((t) => storedTick(t, `o'brien "x"`)));
    expect(await store.countRows(plain.id, 'ticks')).toBe(0);
    await store.close();
  });

  it('measures the append rate of an in-memory store', async () => {
    const result = await measureAppendRate(20_000);
    expect(result.rows).toBe(20_000);
    expect(result.rowsPerSecond).toBeGreaterThan(10_000);
  });
});
