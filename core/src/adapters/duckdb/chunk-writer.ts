import {
  BIGINT,
  DOUBLE,
  DuckDBBigIntVector,
  DuckDBDoubleVector,
  DuckDBEnum8Vector,
  DuckDBIntegerVector,
  DuckDBVector,
  ENUM8,
  INTEGER,
  type DuckDBAppender,
  type DuckDBDataChunk,
  type DuckDBType,
} from '@duckdb/node-api';
import type { CandleBuffer, TickBuffer } from './row-buffers.ts';
import { SIDE_VALUES } from './schema.ts';

/**
 * Writes column buffers into an appender through a reusable DuckDBDataChunk (at most `vector_size`, 2048,
 * rows per chunk). Filling a chunk column by column and appending it is about 1.5x the row-wise appender
 * (measured on this 2-core machine: ~1.7-2.9 M ticks/s vs ~1.0-1.3 M/s for the row-wise appender).
 *
 * Everything here is synchronous: a buffer is written in one go, so rows appended meanwhile cannot interleave.
 */

export const TICK_CHUNK_TYPES: readonly DuckDBType[] = [BIGINT, DOUBLE, DOUBLE, ENUM8(SIDE_VALUES)];
export const CANDLE_CHUNK_TYPES: readonly DuckDBType[] = [
  BIGINT,
  DOUBLE,
  DOUBLE,
  DOUBLE,
  DOUBLE,
  DOUBLE,
  DOUBLE,
  DOUBLE,
  INTEGER,
  INTEGER,
  INTEGER,
];

function bigIntVector(chunk: DuckDBDataChunk, column: number): DuckDBBigIntVector {
  const vector = chunk.getColumnVector(column);
  if (!(vector instanceof DuckDBBigIntVector)) throw new Error(`chunk column ${column} is not BIGINT`);
  return vector;
}

function doubleVector(chunk: DuckDBDataChunk, column: number): DuckDBDoubleVector {
  const vector = chunk.getColumnVector(column);
  if (!(vector instanceof DuckDBDoubleVector)) throw new Error(`chunk column ${column} is not DOUBLE`);
  return vector;
}

function integerVector(chunk: DuckDBDataChunk, column: number): DuckDBIntegerVector {
  const vector = chunk.getColumnVector(column);
  if (!(vector instanceof DuckDBIntegerVector)) throw new Error(`chunk column ${column} is not INTEGER`);
  return vector;
}

function enumVector(chunk: DuckDBDataChunk, column: number): DuckDBEnum8Vector {
  const vector = chunk.getColumnVector(column);
  if (!(vector instanceof DuckDBEnum8Vector))
    throw new Error(`chunk column ${column} is not a one-byte ENUM`);
  return vector;
}

/** Millisecond timestamps held as doubles become BIGINT; they were checked to be safe integers on append. */
function fillMillis(vector: DuckDBBigIntVector, source: Float64Array, offset: number, count: number): void {
  for (let i = 0; i < count; i++) vector.setItem(i, BigInt(source[offset + i] as number));
  vector.flush();
}

function fillDouble(vector: DuckDBDoubleVector, source: Float64Array, offset: number, count: number): void {
  for (let i = 0; i < count; i++) vector.setItem(i, source[offset + i] as number);
  vector.flush();
}

function fillInteger(vector: DuckDBIntegerVector, source: Int32Array, offset: number, count: number): void {
  for (let i = 0; i < count; i++) vector.setItem(i, source[offset + i] as number);
  vector.flush();
}

function fillSide(vector: DuckDBEnum8Vector, source: Uint8Array, offset: number, count: number): void {
  for (let i = 0; i < count; i++) vector.setItem(i, SIDE_VALUES[source[offset + i] as number] as string);
  vector.flush();
}

/** Splits `rows` into chunk-sized slices and hands each to `fill` after sizing the chunk. */
function appendInChunks(
  appender: DuckDBAppender,
  chunk: DuckDBDataChunk,
  rows: number,
  fill: (offset: number, count: number) => void,
): void {
  const capacity = chunkCapacity();
  if (!(capacity > 0)) throw new Error(`DuckDB reports vector size ${capacity}`);
  for (let offset = 0; offset < rows; offset += capacity) {
    const count = Math.min(capacity, rows - offset);
    chunk.reset();
    // Setting rowCount also drops the chunk's cached vector wrappers, which are sized for the old count.
    chunk.rowCount = count;
    fill(offset, count);
    appender.appendDataChunk(chunk);
  }
}

/** Rows per data chunk (DuckDB's STANDARD_VECTOR_SIZE, 2048 in release builds). */
export function chunkCapacity(): number {
  return DuckDBVector.standardSize();
}

export function appendTicks(appender: DuckDBAppender, chunk: DuckDBDataChunk, buffer: TickBuffer): void {
  appendInChunks(appender, chunk, buffer.length, (offset, count) => {
    fillMillis(bigIntVector(chunk, 0), buffer.ts, offset, count);
    fillDouble(doubleVector(chunk, 1), buffer.price, offset, count);
    fillDouble(doubleVector(chunk, 2), buffer.qty, offset, count);
    fillSide(enumVector(chunk, 3), buffer.side, offset, count);
  });
}

export function appendCandles(appender: DuckDBAppender, chunk: DuckDBDataChunk, buffer: CandleBuffer): void {
  appendInChunks(appender, chunk, buffer.length, (offset, count) => {
    fillMillis(bigIntVector(chunk, 0), buffer.ts, offset, count);
    fillDouble(doubleVector(chunk, 1), buffer.open, offset, count);
    fillDouble(doubleVector(chunk, 2), buffer.high, offset, count);
    fillDouble(doubleVector(chunk, 3), buffer.low, offset, count);
    fillDouble(doubleVector(chunk, 4), buffer.close, offset, count);
    fillDouble(doubleVector(chunk, 5), buffer.volume, offset, count);
    fillDouble(doubleVector(chunk, 6), buffer.buyVolume, offset, count);
    fillDouble(doubleVector(chunk, 7), buffer.sellVolume, offset, count);
    fillInteger(integerVector(chunk, 8), buffer.trades, offset, count);
    fillInteger(integerVector(chunk, 9), buffer.buyTrades, offset, count);
    fillInteger(integerVector(chunk, 10), buffer.sellTrades, offset, count);
  });
}
