import { candleProblem } from '../../marketdata/candle-expander.ts';
import type { SourceCandle } from '../../marketdata/types.ts';
import { quoteLine, readTextFile } from './text-file.ts';

export type CandleFileFormat = 'binance-kline' | 'ohlcv-csv' | 'ohlcv-json';

export interface CandleFileContents {
  readonly format: CandleFileFormat;
  readonly candles: SourceCandle[];
  /** Rows that were not read: 1-based file line (CSV) or 1-based row of the top-level array (JSON). */
  readonly rejected: { line: number; detail: string }[];
}

/**
 * Open time in ms from a candle's time field: integers by magnitude (>= 1e14 µs as in Binance spot klines
 * from 2025, >= 1e11 ms, else seconds); otherwise an ISO-like UTC date (`2021-12-31 23:01:00.000000`, no zone
 * means UTC). NaN when neither.
 */
export function parseCandleTime(field: string): number {
  const text = field.trim();
  if (text === '') return Number.NaN;
  const n = Number(text);
  if (Number.isFinite(n)) return n >= 1e14 ? Math.floor(n / 1000) : n >= 1e11 ? n : n * 1000;
  const iso = text.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

function num(field: string | undefined): number {
  return field === undefined || field.trim() === '' ? Number.NaN : Number(field);
}

/**
 * Reads 1m candles (`.gz` allowed), format by extension and first line:
 * - `.json`: `[[ts, o, h, l, c, v], ...]` (freqtrade), no taker-buy volume or trade count;
 * - CSV with 12 columns: Binance kline (open time, o, h, l, c, volume, close time, quote volume, trades,
 *   taker buy base volume, taker buy quote volume, ignore), with or without a header; sets `trades` and
 *   `takerBuyVolume`;
 * - CSV with 6 columns `ts_ms,open,high,low,close,volume` (Dukascopy export), header optional.
 * A first line whose first field is not a time is a header. Rows with the wrong column count, non-numeric
 * fields or inconsistent values (see `candleProblem`) go to `rejected`; an unknown layout throws.
 */
export function readCandleFile(path: string): CandleFileContents {
  const text = readTextFile(path);
  const plainPath = path.endsWith('.gz') ? path.slice(0, -3) : path;
  if (plainPath.toLowerCase().endsWith('.json')) return readJsonCandles(path, text);
  const candles: SourceCandle[] = [];
  const rejected: { line: number; detail: string }[] = [];
  let format: CandleFileFormat | undefined;
  let columns = 0;
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    line++;
    const row = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    if (row === '') continue;
    const fields = row.split(',');
    if (format === undefined) {
      columns = fields.length;
      if (columns === 12) format = 'binance-kline';
      else if (columns === 6) format = 'ohlcv-csv';
      else throw new Error(`${path}: unknown candle layout with ${columns} columns on line ${line}`);
      if (Number.isNaN(parseCandleTime(fields[0] ?? ''))) continue; // header
    }
    if (fields.length !== columns) {
      rejected.push({ line, detail: `expected ${columns} columns: ${quoteLine(row)}` });
      continue;
    }
    const kline = format === 'binance-kline';
    const candle: SourceCandle = {
      openTime: parseCandleTime(fields[0] ?? ''),
      open: num(fields[1]),
      high: num(fields[2]),
      low: num(fields[3]),
      close: num(fields[4]),
      volume: num(fields[5]),
      trades: kline ? num(fields[8]) : undefined,
      takerBuyVolume: kline ? num(fields[9]) : undefined,
    };
    const problem = checkCandle(candle);
    if (problem) rejected.push({ line, detail: `${problem}: ${quoteLine(row)}` });
    else candles.push(candle);
  }
  return { format: format ?? 'ohlcv-csv', candles, rejected };
}

function checkCandle(c: SourceCandle): string | undefined {
  const extras = [c.trades, c.takerBuyVolume].filter((v) => v !== undefined);
  if (!extras.every(Number.isFinite)) return 'non-numeric field';
  return candleProblem(c)?.detail;
}

function readJsonCandles(path: string, text: string): CandleFileContents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of [ts, o, h, l, c, v] rows`);
  const candles: SourceCandle[] = [];
  const rejected: { line: number; detail: string }[] = [];
  parsed.forEach((row: unknown, index: number) => {
    const values = Array.isArray(row) && row.length >= 6 ? row.slice(0, 6).map(jsonNumber) : undefined;
    const [openTime, open, high, low, close, volume] = values ?? [];
    if (
      openTime === undefined ||
      open === undefined ||
      high === undefined ||
      low === undefined ||
      close === undefined ||
      volume === undefined
    ) {
      rejected.push({
        line: index + 1,
        detail: `expected [ts, o, h, l, c, v]: ${quoteLine(JSON.stringify(row) ?? '')}`,
      });
      return;
    }
    const candle: SourceCandle = {
      openTime: parseCandleTime(String(openTime)),
      open,
      high,
      low,
      close,
      volume,
      takerBuyVolume: undefined,
      trades: undefined,
    };
    const problem = checkCandle(candle);
    if (problem)
      rejected.push({ line: index + 1, detail: `${problem}: ${quoteLine(JSON.stringify(row) ?? '')}` });
    else candles.push(candle);
  });
  return { format: 'ohlcv-json', candles, rejected };
}

/** A JSON number, or a numeric string; undefined otherwise. */
function jsonNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}
