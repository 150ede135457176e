/** Throughput and latency helpers for the benchmark (wall clock is fine here: this is measurement). */
export interface Throughput {
  readonly ticks: number;
  readonly elapsed_ms: number;
  readonly ticks_per_second: number;
}

export function timeLoop(ticks: number, body: () => void): Throughput {
  const started = performance.now();
  body();
  const elapsed = performance.now() - started;
  return { ticks, elapsed_ms: round(elapsed, 1), ticks_per_second: Math.round(ticks / (elapsed / 1000)) };
}

export interface Latency {
  readonly p50_us: number;
  readonly p99_us: number;
  readonly p999_us: number;
  readonly max_us: number;
}

/** Per-call latency from individually timed calls (hrtime overhead, about 0.05 µs, is included). */
export function percentiles(samplesNs: BigInt64Array | Float64Array): Latency {
  const sorted = Float64Array.from(samplesNs as ArrayLike<number>, Number).sort();
  const at = (q: number): number =>
    round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000, 3);
  return {
    p50_us: at(0.5),
    p99_us: at(0.99),
    p999_us: at(0.999),
    max_us: round((sorted[sorted.length - 1] ?? 0) / 1000, 3),
  };
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * JS heap plus ArrayBuffer memory (typed-array rings live outside the JS heap) after a full collection
 * (needs --expose-gc; falls back to a plain reading).
 */
export function settledHeapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
