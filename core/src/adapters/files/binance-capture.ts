import { instrumentFromVenueKey, type Instrument } from '../../domain/instrument.ts';
import type { ReaderItem, TickSource } from '../../marketdata/types.ts';
import { fileName, quoteLine, readTextFile, rejected } from './text-file.ts';

/** `spot_btcusdt_20240808.gz`, `usdm_ethusdt_20240718.gz`, `spot_btcusdt_20230405.dat.gz` (hftbacktest names). */
const CAPTURE_NAME = /^(spot|usdm|coinm)_([a-z0-9]+)_(\d{8})(?:\.dat)?\.gz$/i;

/** Venue key and symbol from a capture file name, e.g. `binance-spot` / `BTCUSDT`; undefined if not one. */
export function captureNameInfo(path: string): { venueKey: string; symbol: string } | undefined {
  const m = CAPTURE_NAME.exec(fileName(path));
  if (!m?.[1] || !m[2]) return undefined;
  return { venueKey: `binance-${m[1].toLowerCase()}`, symbol: m[2].toUpperCase() };
}

interface BinanceTrade {
  readonly s: string;
  readonly t: number;
  readonly p: string;
  readonly q: string;
  readonly T: number;
  readonly m: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `data` of a `<symbol>@trade` frame, or a description of what is missing. */
function readTrade(data: unknown): BinanceTrade | string {
  if (!isRecord(data)) return 'trade frame without a data object';
  const { s, t, p, q, T, m } = data;
  if (typeof s !== 'string') return 'trade frame without symbol s';
  if (typeof t !== 'number') return 'trade frame without trade id t';
  if (typeof p !== 'string') return 'trade frame without price p';
  if (typeof q !== 'string') return 'trade frame without quantity q';
  if (typeof T !== 'number') return 'trade frame without trade time T';
  if (typeof m !== 'boolean') return 'trade frame without maker flag m';
  return { s, t, p, q, T, m };
}

/**
 * Receive time in ms from the capture's leading integer, by magnitude (digit count): 19 digits are ns (2024
 * files), 16 are µs (2023 `.dat.gz`), 13 are ms. Truncated to whole ms, computed on the digit string so
 * that ns values beyond 2^53 lose nothing. NaN when it is not such an integer.
 */
export function receiveTimeMs(text: string): number {
  const digits = text.length;
  for (let i = 0; i < digits; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
  }
  if (digits >= 18 && digits <= 20) return Number(text.slice(0, digits - 6));
  if (digits >= 15 && digits <= 17) return Number(text.slice(0, digits - 3));
  if (digits >= 12 && digits <= 14) return Number(text);
  return Number.NaN;
}

/**
 * hftbacktest raw Binance capture: one `<local receive time> <combined-stream JSON>` per line (`.gz`).
 * Frames whose `stream` ends with `@trade` become trade ticks: ts = `T` (event time, decisions.md #2),
 * price/qty from the decimal strings `p`/`q`, tradeId = `t`, side `sell` when `m` (buyer is maker, so the
 * seller aggressed) else `buy`, localTs = receive time in ms. Other streams (`@bookTicker`, `@depth...`),
 * lines without a `stream` (REST depth snapshots, subscription acks) and trades of another symbol are counted
 * by `ignored()` (reset at each `items()` pass). Unparsable lines or JSON, and trade frames missing a field,
 * are `malformed_frame`. Prices and sizes are not judged here (validator downstream).
 */
export class BinanceCaptureSource implements TickSource {
  readonly name: string;
  readonly instrument: Instrument;
  private skipped = 0;

  /** Without `instrument`, it is taken from the file name (`spot_` -> binance-spot, `usdm_` -> binance-usdm). */
  constructor(
    readonly path: string,
    instrument?: Instrument,
  ) {
    this.name = fileName(path);
    if (instrument) this.instrument = instrument;
    else {
      const info = captureNameInfo(path);
      if (!info) throw new Error(`${path}: cannot tell venue and symbol from the name; pass the instrument`);
      this.instrument = instrumentFromVenueKey(info.venueKey, info.symbol, 'spot');
    }
  }

  ignored(): number {
    return this.skipped;
  }

  *items(): Generator<ReaderItem> {
    this.skipped = 0;
    const text = readTextFile(this.path);
    const len = text.length;
    const { id, symbol } = this.instrument;
    let pos = 0;
    let line = 0;
    while (pos < len) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = len;
      line++;
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      const lineStart = pos;
      pos = end + 1;
      if (stop === lineStart) continue;
      const bad = (detail: string): ReaderItem =>
        rejected(
          'malformed_frame',
          id,
          this.path,
          line,
          `${detail}: ${quoteLine(text.slice(lineStart, stop))}`,
        );
      const space = text.indexOf(' ', lineStart);
      if (space < 0 || space >= stop) {
        yield bad('expected "<receive time> <json>"');
        continue;
      }
      const localTs = receiveTimeMs(text.slice(lineStart, space));
      if (Number.isNaN(localTs)) {
        yield bad('receive time is not an integer in ns, µs or ms');
        continue;
      }
      let frame: unknown;
      try {
        frame = JSON.parse(text.slice(space + 1, stop));
      } catch {
        yield bad('unparsable JSON');
        continue;
      }
      if (!isRecord(frame)) {
        yield bad('frame is not a JSON object');
        continue;
      }
      const stream = frame['stream'];
      if (typeof stream !== 'string' || !stream.endsWith('@trade')) {
        this.skipped++;
        continue;
      }
      const trade = readTrade(frame['data']);
      if (typeof trade === 'string') {
        yield bad(trade);
        continue;
      }
      if (trade.s !== symbol) {
        this.skipped++;
        continue;
      }
      const price = Number(trade.p);
      const qty = Number(trade.q);
      if (trade.p === '' || trade.q === '' || !Number.isFinite(price) || !Number.isFinite(qty)) {
        yield bad('price or quantity is not a decimal string');
        continue;
      }
      const side = trade.m ? 'sell' : 'buy';
      yield {
        kind: 'trade',
        tick: { instrumentId: id, ts: trade.T, localTs, price, qty, side, tradeId: trade.t },
      };
    }
  }
}
