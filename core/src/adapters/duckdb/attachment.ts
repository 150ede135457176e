import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Timeframe } from '../../domain/candle.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { CANDLE_CHUNK_TYPES, TICK_CHUNK_TYPES, appendCandles, appendTicks } from './chunk-writer.ts';
import { RecordBuffer, createRecordTablesSql, writeRecords } from './record-tables.ts';
import { CandleBuffer, TickBuffer } from './row-buffers.ts';
import {
  CANDLE_TABLE,
  appendedColumnCount,
  attachSql,
  createTablesSql,
  detachSql,
  type TableName,
} from './schema.ts';

export const IN_MEMORY = ':memory:';

/** One instrument's attached database: its buffers and its long-lived appenders (one per table). */
export class Attachment {
  readonly ticks = new TickBuffer();
  readonly candles: Readonly<Record<Timeframe, CandleBuffer>> = {
    '1m': new CandleBuffer(),
    '5m': new CandleBuffer(),
    '15m': new CandleBuffer(),
  };
  readonly records = new RecordBuffer();
  attached = false;
  private readonly appenders = new Map<TableName, DuckDBAppender>();

  constructor(
    readonly instrument: Instrument,
    readonly alias: string,
    /** Database file path, or ':memory:'. */
    readonly location: string,
  ) {}

  get bufferedRows(): number {
    return (
      this.ticks.length +
      this.candles['1m'].length +
      this.candles['5m'].length +
      this.candles['15m'].length +
      this.records.length
    );
  }

  /** Empties every buffer; returns the rows dropped. */
  discardBuffers(): number {
    const rows = this.bufferedRows;
    this.ticks.clear();
    for (const buffer of Object.values(this.candles)) buffer.clear();
    this.records.clear();
    return rows;
  }

  /** Creates the directory, attaches the database and creates the tables if missing. */
  async attach(connection: DuckDBConnection): Promise<void> {
    if (this.location !== IN_MEMORY) await fs.mkdir(path.dirname(this.location), { recursive: true });
    await connection.run(attachSql(this.location, this.alias));
    this.attached = true;
    for (const sql of createTablesSql(this.alias, this.instrument.venue)) await connection.run(sql);
    for (const sql of createRecordTablesSql(this.alias)) await connection.run(sql);
  }

  /**
   * Writes every buffered row of every table and flushes the appenders. Returns rows written. A table whose
   * write fails loses its buffered rows (they may be partly appended) and its appender, which is recreated on
   * the next write; the first error is rethrown after the other tables were written. `release` hears how many
   * buffered rows each table gave up, written or not.
   */
  async writeBuffered(
    connection: DuckDBConnection,
    chunks: ChunkPool,
    release: (rowsCleared: number) => void,
  ): Promise<number> {
    let written = 0;
    let firstError: unknown;
    const tables: readonly [TableName, TickBuffer | CandleBuffer][] = [
      ['ticks', this.ticks],
      [CANDLE_TABLE['1m'], this.candles['1m']],
      [CANDLE_TABLE['5m'], this.candles['5m']],
      [CANDLE_TABLE['15m'], this.candles['15m']],
    ];
    for (const [table, buffer] of tables) {
      if (buffer.length === 0) continue;
      let appender: DuckDBAppender | undefined;
      try {
        appender = await this.appender(connection, table);
        // From here to flushSync nothing awaits: rows appended meanwhile cannot interleave.
        const rows = buffer.length;
        if (buffer instanceof TickBuffer) appendTicks(appender, chunks.ticks, buffer);
        else appendCandles(appender, chunks.candles, buffer);
        appender.flushSync();
        written += rows;
      } catch (error) {
        firstError ??= new Error(`${this.instrument.id}: writing ${table} failed`, { cause: error });
        this.dropAppender(table);
      } finally {
        release(buffer.length);
        buffer.clear();
      }
    }
    if (this.records.length > 0) {
      const rows = this.records.length;
      try {
        written += await writeRecords(connection, this.alias, this.records);
      } catch (error) {
        firstError ??= new Error(`${this.instrument.id}: writing decision/trade records failed`, {
          cause: error,
        });
      } finally {
        release(rows);
      }
    }
    if (firstError !== undefined) throw firstError;
    return written;
  }

  /** Closes the appenders (flushing anything they hold) and detaches the database. */
  async detach(connection: DuckDBConnection): Promise<void> {
    let firstError: unknown;
    for (const [table, appender] of this.appenders) {
      try {
        appender.closeSync();
      } catch (error) {
        firstError ??= error;
      }
      this.appenders.delete(table);
    }
    // Appenders must be closed first: DETACH succeeds under an open appender, which is then unusable.
    if (this.attached) {
      await connection.run(detachSql(this.alias));
      this.attached = false;
    }
    if (firstError !== undefined) throw firstError;
  }

  private async appender(connection: DuckDBConnection, table: TableName): Promise<DuckDBAppender> {
    const existing = this.appenders.get(table);
    if (existing !== undefined) return existing;
    const appender = await connection.createAppender(table, 'main', this.alias);
    const expected = appendedColumnCount(table);
    if (appender.columnCount !== expected) {
      appender.closeSync();
      throw new Error(
        `${this.location}: table ${table} has ${appender.columnCount} writable columns, expected ${expected} ` +
          '(file created by another schema version?)',
      );
    }
    this.appenders.set(table, appender);
    return appender;
  }

  private dropAppender(table: TableName): void {
    const appender = this.appenders.get(table);
    this.appenders.delete(table);
    try {
      appender?.clear();
      appender?.closeSync();
    } catch {
      // A failed appender may refuse to close; it is abandoned either way.
    }
  }
}

/** One reusable data chunk per row shape; writes are serialised, so a single pair serves the whole store. */
export class ChunkPool {
  readonly ticks = DuckDBDataChunk.create(TICK_CHUNK_TYPES);
  readonly candles = DuckDBDataChunk.create(CANDLE_CHUNK_TYPES);
}

/** Yield to the event loop after this many rows within one flush (between instruments). */
const YIELD_EVERY_ROWS = 16_384;

/**
 * Writes the buffers of all attached instruments, one after the other, yielding to the event loop between
 * instruments once a flush has written YIELD_EVERY_ROWS rows. Collects errors instead of stopping at one.
 */
export async function writeAttachments(
  attachments: readonly Attachment[],
  connection: DuckDBConnection,
  chunks: ChunkPool,
  onCleared: (rows: number) => void,
): Promise<{ written: number; errors: unknown[] }> {
  let written = 0;
  let sinceYield = 0;
  const errors: unknown[] = [];
  for (const entry of attachments) {
    if (!entry.attached || entry.bufferedRows === 0) continue;
    try {
      const rows = await entry.writeBuffered(connection, chunks, onCleared);
      written += rows;
      sinceYield += rows;
    } catch (error) {
      errors.push(error);
    }
    if (sinceYield >= YIELD_EVERY_ROWS) {
      sinceYield = 0;
      await nextMacrotask();
    }
  }
  return { written, errors };
}

export function throwCollected(errors: readonly unknown[], message: string): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, message);
}
