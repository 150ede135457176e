import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Instrument } from '../../domain/instrument.ts';
import type { RejectReason, ReaderItem, TickSource } from '../../marketdata/types.ts';

/** Reads a whole file as bytes; `.gz` files are gunzipped in memory. */
export function readFileBytes(path: string): Buffer {
  const raw = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(raw) : raw;
}

/** Reads a whole text file (gunzipping `.gz`); a UTF-8 byte-order mark is dropped. */
export function readTextFile(path: string): string {
  const text = readFileBytes(path).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte after a UTF-8 byte-order mark, or 0. */
export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** File name without directories, e.g. for `TickSource.name`. */
export function fileName(path: string): string {
  return basename(path);
}

/** A line quoted for a reject detail, cut to a readable length. */
export function quoteLine(line: string): string {
  return JSON.stringify(line.length > 160 ? `${line.slice(0, 160)}...` : line);
}

export function rejected(
  reason: RejectReason,
  instrumentId: string,
  source: string,
  line: number,
  detail: string,
): ReaderItem {
  return { kind: 'rejected', reason, instrumentId, source, line, detail };
}

const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k); // all exact doubles

/**
 * The number written in bytes [start, end), equal to what `Number()` returns for that text, or NaN where the
 * text is empty or not a number. Fast path: a plain decimal `-?digits[.digits]` whose digits form an integer
 * m <= 2^53 - 1 with k <= 22 fraction digits is m / 10^k, one correctly rounded IEEE division of two exact
 * doubles, hence the same double `Number()` produces. Anything else (exponents, `+`, blanks, long mantissas)
 * goes through `Number()` itself.
 */
export function parseDecimal(bytes: Buffer, start: number, end: number): number {
  let i = start;
  const negative = i < end && bytes[i] === 45;
  if (negative) i++;
  let m = 0;
  let fraction = -1;
  let digits = 0;
  for (; i < end; i++) {
    const d = (bytes[i] as number) - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (d === -2 && fraction < 0)
      fraction = 0; // '.'
    else return slowNumber(bytes, start, end);
  }
  if (digits === 0) return Number.NaN;
  if (m > Number.MAX_SAFE_INTEGER || fraction > 22) return slowNumber(bytes, start, end);
  const v = fraction > 0 ? m / (POW10[fraction] as number) : m;
  return negative ? -v : v;
}

function slowNumber(bytes: Buffer, start: number, end: number): number {
  const text = bytes.toString('latin1', start, end);
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Digits after the decimal point of a plain decimal in bytes [start, end); -1 for anything else (exponents). */
export function fractionDigits(bytes: Buffer, start: number, end: number): number {
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 46 && dot < 0) dot = i;
    else if ((c < 48 || c > 57) && !(c === 45 && i === start)) return -1;
  }
  return dot < 0 ? 0 : end - dot - 1;
}

/**
 * (a + b) / 2 for two decimals with `da` and `db` fraction digits, as the double nearest to the exact mid:
 * both are scaled to integers on the common grid, summed exactly and divided once, so equal exact mids give
 * identical doubles (1.1/1.3 -> 1.2, not 1.2000000000000002) and the tick rule sees no phantom moves. Falls
 * back to the plain float mid when the digits are unknown or the integers would not be exact.
 */
export function exactMid(a: number, da: number, b: number, db: number): number {
  const k = Math.max(da, db);
  if (da >= 0 && db >= 0 && k <= 15) {
    const scale = POW10[k] as number;
    const sum = Math.round(a * scale) + Math.round(b * scale);
    if (Math.abs(sum) < 2 ** 50) return sum / (2 * scale);
  }
  return (a + b) / 2;
}

/**
 * Checks that the first line (after a BOM) is exactly `expected` and returns the offset just past it.
 * A file with another first line is not of this format at all: that throws, it is not a bad row.
 */
export function afterHeader(bytes: Buffer, expected: string, source: string): number {
  const start = bomLength(bytes);
  let end = bytes.indexOf(10, start);
  if (end < 0) end = bytes.length;
  const header = bytes.toString('utf8', start, end).trim();
  if (header !== expected) {
    throw new Error(`${source}: line 1 must be the header "${expected}", found ${quoteLine(header)}`);
  }
  return end + 1;
}

/** A text file read whole and handed to a format's parser; the parser does the per-row work. */
export class ParsedFileSource implements TickSource {
  readonly name: string;

  constructor(
    readonly path: string,
    readonly instrument: Instrument,
    private readonly parse: (bytes: Buffer, instrument: Instrument, source: string) => Iterable<ReaderItem>,
  ) {
    this.name = fileName(path);
  }

  ignored(): number {
    return 0;
  }

  items(): Iterable<ReaderItem> {
    return this.parse(readFileBytes(this.path), this.instrument, this.path);
  }
}
