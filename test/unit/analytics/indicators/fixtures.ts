import { mulberry32 } from '../../../../core/src/marketdata/candle-expander.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OhlcvBar } from '../../../../core/src/analytics/indicators/bars.ts';

/** Real data for oracle tests: 19 days of Dukascopy BTCUSD 1m bid bars, 2023-02-01..2023-02-19. */
const BTC_1M_CSV = new URL(
  '../../../../data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv',
  import.meta.url,
);

export interface TimedBar extends OhlcvBar {
  readonly ts: number;
}

let cached1m: TimedBar[] | undefined;

/** Parses `ts_ms,open,high,low,close,volume`; cached because several test files use it. */
export function loadBtc1m(): TimedBar[] {
  if (cached1m) return cached1m;
  const lines = readFileSync(fileURLToPath(BTC_1M_CSV), 'utf8').trim().split('\n').slice(1);
  cached1m = lines.map((line) => {
    const [ts, open, high, low, close, volume] = line.split(',').map(Number);
    return { ts: ts!, open: open!, high: high!, low: low!, close: close!, volume: volume! };
  });
  return cached1m;
}

/** 1m -> `bucketMs` bars: open of first, max high, min low, close of last, summed volume; bucket = floor(ts / ms). */
export function aggregate(bars: readonly TimedBar[], bucketMs: number): TimedBar[] {
  const out: TimedBar[] = [];
  let cur: TimedBar | undefined;
  let bucket = Number.NaN;
  for (const b of bars) {
    const k = Math.floor(b.ts / bucketMs);
    if (cur && k === bucket) {
      cur = {
        ...cur,
        high: Math.max(cur.high, b.high),
        low: Math.min(cur.low, b.low),
        close: b.close,
        volume: cur.volume + b.volume,
      };
      out[out.length - 1] = cur;
    } else {
      bucket = k;
      cur = { ts: k * bucketMs, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
      out.push(cur);
    }
  }
  return out;
}

export function loadBtc15m(): TimedBar[] {
  return aggregate(loadBtc1m(), 900_000);
}

/** Largest |a - e| / |e| over paired series (|e| floored so exact zeros compare absolutely). */
export function maxRelativeError(actual: readonly number[], expected: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const err = Math.abs(actual[i]! - e) / Math.max(Math.abs(e), 1e-12);
    if (Number.isNaN(err)) return Number.NaN;
    worst = Math.max(worst, err);
  }
  return worst;
}

export { mulberry32 };

/** Standard normal draws by Box-Muller from a seeded uniform source. */
export function gaussian(uniform: () => number): () => number {
  return () => {
    let u = 0;
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** Closes whose log returns are exactly `returns` (up to float rounding), starting at `start`. */
export function closesFromLogReturns(returns: readonly number[], start = 100): number[] {
  const closes = [start];
  let logPrice = Math.log(start);
  for (const r of returns) {
    logPrice += r;
    closes.push(Math.exp(logPrice));
  }
  return closes;
}
