import type { Instrument } from '../domain/instrument.ts';
import type { Side } from '../domain/ticks.ts';
import type { RejectReason, ReaderItem, SourceCandle } from './types.ts';

/**
 * Candle-to-tick expansion: a documented, seeded model that turns 1m candles into trade ticks for warm-ups
 * and long replays where no tape exists. Pure (no I/O, no clock, no Math.random).
 *
 * Model, per candle (O, H, L, C, V, optional taker-buy volume B and trade count N):
 * - Tick count n: N present -> min(N, maxTicksPerCandle = 60); absent -> ticksPerCandle (default 12). Raised
 *   to the number of distinct path vertices (below) and to 2 when both buy and sell volume must be printed;
 *   capped at intervalMs - 1 so every tick has its own millisecond.
 * - Path: O -> first extreme -> second extreme -> C; bullish (C >= O) visits L then H, bearish H then L.
 *   Consecutive equal vertices collapse (O = L on a bullish candle starts at the low). Vertices get tick
 *   indices proportional to the path length travelled; ticks between interpolate linearly with a seeded
 *   jitter of +-0.75 of the per-tick step, rounded to the finest decimal grid of the candle's own prices and
 *   clamped to [L, H]. Vertex ticks print exactly, so the first tick is O, the last C, and H and L both print.
 * - Time: tick i at openTime + floor((i + 1) * intervalMs / (n + 1)), evenly spread strictly inside the bar.
 * - Volume: seeded weights in [0.5, 1.5) split V (last tick takes the remainder, so the sum is V to rounding).
 * - Sides with B: ticks on a rising path segment buy, on a falling one sell (tick 0 takes the first segment's
 *   direction); buy sizes are then scaled to sum to B and sell sizes to V - B. B = V makes every tick a buy,
 *   B = 0 every tick a sell; if B and V - B are both positive but one side has no tick (a flat candle, or a
 *   one-way path), round(n * share) ticks (at least 1, at most n - 1), picked by the seeded generator, flip.
 *   Without B: the tick rule over the generated prices (uptick buy, downtick sell, unchanged keeps the
 *   previous side), carried across candles; the first tick of the expansion is a buy.
 * - A zero-volume candle yields no ticks: no trade happened in that minute (its price is a quote artefact).
 * - Inconsistent candles (non-finite values, H below max(O, C, L), L above min(O, C), negative volume, B
 *   outside [0, V]) are rejected `malformed_row`, non-positive prices `non_positive_price`; `line` is the
 *   candle's 1-based position in the input.
 * - Randomness: mulberry32 seeded per candle from (seed, openTime), so the same seed gives identical output
 *   and a candle expands the same way whatever range it is replayed in.
 */
export interface CandleExpansionOptions {
  readonly seed: number;
  /** Ticks for a candle without a trade count. Default 12. */
  readonly ticksPerCandle?: number;
  /** Cap on ticks for a candle with a trade count. Default 60. */
  readonly maxTicksPerCandle?: number;
  /** Bar length. Default 60 000 (1m candles). */
  readonly intervalMs?: number;
  /** Name used in rejected items. Default `candles`. */
  readonly source?: string;
}

export const DEFAULT_TICKS_PER_CANDLE = 12;
export const DEFAULT_MAX_TICKS_PER_CANDLE = 60;
const JITTER = 0.75;
const MAX_DECIMALS = 12;

/** Tiny seeded PRNG (mulberry32): uniform in [0, 1), 32-bit state. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function candleSeed(seed: number, openTime: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (openTime >>> 0) ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ Math.floor(openTime / 4294967296) ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Why a candle cannot be expanded, or undefined when it is consistent. */
export function candleProblem(c: SourceCandle): { reason: RejectReason; detail: string } | undefined {
  const values = [c.openTime, c.open, c.high, c.low, c.close, c.volume];
  if (!values.every(Number.isFinite)) return { reason: 'malformed_row', detail: 'non-finite candle field' };
  if (!(c.low > 0)) return { reason: 'non_positive_price', detail: 'candle prices must be positive' };
  if (c.high < Math.max(c.open, c.close, c.low) || c.low > Math.min(c.open, c.close)) {
    return { reason: 'malformed_row', detail: 'high/low do not enclose open and close' };
  }
  if (!(c.volume >= 0)) return { reason: 'malformed_row', detail: 'negative volume' };
  const b = c.takerBuyVolume;
  if (b !== undefined && !(b >= 0 && b <= c.volume * (1 + 1e-9))) {
    return { reason: 'malformed_row', detail: 'taker buy volume outside [0, volume]' };
  }
  if (c.trades !== undefined && !(c.trades >= 0))
    return { reason: 'malformed_row', detail: 'negative trade count' };
  return undefined;
}

function decimalsOf(x: number): number {
  if (Number.isInteger(x)) return 0;
  const s = String(x);
  const e = s.indexOf('e-');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const dot = mantissa.indexOf('.');
  const frac = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.min(MAX_DECIMALS, frac + (e < 0 ? 0 : Number(s.slice(e + 2))));
}

/** Expands candles into trade ticks by the model above. */
export function* expandCandles(
  instrument: Instrument,
  candles: Iterable<SourceCandle>,
  options: CandleExpansionOptions,
): Generator<ReaderItem> {
  const ticksDefault = options.ticksPerCandle ?? DEFAULT_TICKS_PER_CANDLE;
  const ticksMax = options.maxTicksPerCandle ?? DEFAULT_MAX_TICKS_PER_CANDLE;
  const intervalMs = options.intervalMs ?? 60_000;
  const source = options.source ?? 'candles';
  if (!Number.isFinite(options.seed)) throw new RangeError('seed must be a finite number');
  for (const [name, v] of [
    ['ticksPerCandle', ticksDefault],
    ['maxTicksPerCandle', ticksMax],
    ['intervalMs', intervalMs],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  const id = instrument.id;
  const tickRule = { price: Number.NaN, side: 'buy' as Side };
  let index = 0;
  for (const c of candles) {
    index++;
    const problem = candleProblem(c);
    if (problem) {
      yield {
        kind: 'rejected',
        reason: problem.reason,
        instrumentId: id,
        source,
        line: index,
        detail: problem.detail,
      };
      continue;
    }
    if (c.volume === 0) continue;
    const requested = c.trades !== undefined ? Math.min(c.trades, ticksMax) : ticksDefault;
    for (const tick of expandOne(
      c,
      requested,
      intervalMs,
      mulberry32(candleSeed(options.seed, c.openTime)),
      tickRule,
    )) {
      yield { kind: 'trade', tick: { instrumentId: id, ...tick } };
    }
  }
}

interface RawTick {
  ts: number;
  localTs: number;
  price: number;
  qty: number;
  side: Side;
  tradeId: undefined;
}

function expandOne(
  c: SourceCandle,
  requested: number,
  intervalMs: number,
  rng: () => number,
  tickRule: { price: number; side: Side },
): RawTick[] {
  const { open, high, low, close, volume } = c;
  const bullish = close >= open;
  const vertices: number[] = [];
  for (const p of bullish ? [open, low, high, close] : [open, high, low, close]) {
    if (vertices[vertices.length - 1] !== p) vertices.push(p);
  }
  const m = vertices.length;
  const buyTarget = c.takerBuyVolume === undefined ? undefined : Math.min(c.takerBuyVolume, volume);
  const mixed = buyTarget !== undefined && buyTarget > 0 && buyTarget < volume;
  const n = Math.min(Math.max(Math.floor(requested), m, mixed ? 2 : 1), intervalMs - 1);

  // Vertex tick indices, proportional to the path length travelled, strictly increasing.
  const cum = [0];
  for (let j = 1; j < m; j++)
    cum.push((cum[j - 1] as number) + Math.abs((vertices[j] as number) - (vertices[j - 1] as number)));
  const pathLength = cum[m - 1] as number;
  const at: number[] = [0];
  for (let j = 1; j < m; j++) {
    const ideal = j === m - 1 ? n - 1 : Math.round(((cum[j] as number) / pathLength) * (n - 1));
    at.push(Math.min(Math.max(ideal, (at[j - 1] as number) + 1), n - 1 - (m - 1 - j)));
  }

  // Prices and the direction of the path segment each tick lies on.
  const grid = 10 ** Math.max(decimalsOf(open), decimalsOf(high), decimalsOf(low), decimalsOf(close));
  const canRound = high * grid < 2 ** 52;
  const prices = new Array<number>(n).fill(open); // a flat candle (one vertex) prints O throughout
  const rising = new Array<boolean | undefined>(n).fill(undefined);
  for (let j = 0; j < m; j++) {
    const i = at[j] as number;
    prices[i] = vertices[j] as number;
    const from = j === 0 ? 1 : j;
    rising[i] = m === 1 ? undefined : (vertices[from] as number) > (vertices[from - 1] as number);
  }
  for (let j = 1; j < m; j++) {
    const a = at[j - 1] as number;
    const b = at[j] as number;
    const pa = vertices[j - 1] as number;
    const pb = vertices[j] as number;
    const step = (pb - pa) / (b - a);
    for (let i = a + 1; i < b; i++) {
      let p = pa + step * (i - a) + (rng() * 2 - 1) * JITTER * Math.abs(step);
      if (canRound) p = Math.round(p * grid) / grid;
      prices[i] = Math.min(high, Math.max(low, p));
      rising[i] = pb > pa;
    }
  }

  // Sides.
  const sides = new Array<Side>(n);
  if (buyTarget === undefined) {
    for (let i = 0; i < n; i++) {
      const p = prices[i] as number;
      tickRule.side = p > tickRule.price ? 'buy' : p < tickRule.price ? 'sell' : tickRule.side;
      tickRule.price = p;
      sides[i] = tickRule.side;
    }
  } else {
    let buys = 0;
    for (let i = 0; i < n; i++) {
      const side: Side =
        buyTarget === volume ? 'buy' : buyTarget === 0 ? 'sell' : rising[i] === true ? 'buy' : 'sell';
      sides[i] = side;
      if (side === 'buy') buys++;
    }
    if (mixed && (buys === 0 || buys === n)) {
      const flipTo: Side = buys === 0 ? 'buy' : 'sell';
      const share = (flipTo === 'buy' ? buyTarget : volume - buyTarget) / volume;
      const count = Math.min(n - 1, Math.max(1, Math.round(n * share)));
      const order = Array.from({ length: n }, (_, i) => i);
      for (let k = 0; k < count; k++) {
        const pick = k + Math.floor(rng() * (n - k));
        const chosen = order[pick] as number;
        order[pick] = order[k] as number;
        order[k] = chosen;
        sides[chosen] = flipTo;
      }
    }
  }

  // Sizes: seeded weights, each side's total scaled to its target; the last tick of a side takes the rest.
  const weights = Array.from({ length: n }, () => 0.5 + rng());
  const qty = new Array<number>(n).fill(0);
  const split = (target: number, member: (i: number) => boolean): void => {
    let total = 0;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (!member(i)) continue;
      total += weights[i] as number;
      last = i;
    }
    let assigned = 0;
    for (let i = 0; i < last; i++) {
      if (!member(i)) continue;
      qty[i] = (target * (weights[i] as number)) / total;
      assigned += qty[i] as number;
    }
    if (last >= 0) qty[last] = Math.max(0, target - assigned);
  };
  if (buyTarget === undefined) split(volume, () => true);
  else {
    split(buyTarget, (i) => sides[i] === 'buy');
    split(volume - buyTarget, (i) => sides[i] === 'sell');
  }

  const ticks: RawTick[] = [];
  for (let i = 0; i < n; i++) {
    const ts = c.openTime + Math.floor(((i + 1) * intervalMs) / (n + 1));
    ticks.push({
      ts,
      localTs: ts,
      price: prices[i] as number,
      qty: qty[i] as number,
      side: sides[i] as Side,
      tradeId: undefined,
    });
  }
  return ticks;
}
