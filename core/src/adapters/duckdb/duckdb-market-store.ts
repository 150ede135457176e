import fs from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Candle, Timeframe } from '../../domain/candle.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { MarketDataStore, RetentionPolicy, StoreStats } from '../../ports/market-store.ts';
import type { TradingRecordStore } from '../../ports/trading-store.ts';
import type { ClosedTrade } from '../../domain/trading.ts';
import type { DecisionRecord } from '../../events/decision-record.ts';
import { quotedIdentifier } from '@duckdb/node-api';
import { ChunkPool, IN_MEMORY, throwCollected, writeAttachments, type Attachment } from './attachment.ts';
import {
  countTableRows,
  selectCandles,
  selectTicks,
  type ReadRange,
  type StoredCandle,
  type StoredTick,
} from './queries.ts';
import { deleteExpired, validateRetention } from './retention.ts';
import { InstrumentRegistry } from './registry.ts';
import { TABLE_NAMES, isTableName, type TableName } from './schema.ts';

export interface DuckDbMarketStoreOptions {
  /** Root of the per-symbol files, or ':memory:' for in-memory attached databases (tests, benches). */
  readonly rootDir: string;
  readonly retention: RetentionPolicy;
  /** Buffered rows (all instruments, all tables) above which a flush is scheduled. Default 50 000. */
  readonly maxBufferedRows?: number;
  /** Settings for the single DuckDB instance, e.g. `{ threads: '2', memory_limit: '512MB' }`. */
  readonly duckdbConfig?: Readonly<Record<string, string>>;
  /** Hears failures of automatic flushes (the next `flush()` also rejects with them). */
  readonly onFlushError?: (error: unknown) => void;
}

export interface DuckDbStoreStats extends StoreStats {
  readonly instruments: number;
  readonly bufferedRows: number;
  readonly rowsWritten: number;
  readonly writeErrors: number;
}

/**
 * MarketDataStore on DuckDB (design 2.2.7): one DuckDB instance whose in-memory main database ATTACHes one
 * file per instrument. Appends only touch column buffers; every database operation (attach, write, delete,
 * count, close) runs on one promise chain, so operations never overlap and rows keep their order.
 */
export class DuckDbMarketStore implements MarketDataStore, TradingRecordStore {
  private readonly registry: InstrumentRegistry;
  private readonly chunks = new ChunkPool();
  private readonly maxBufferedRows: number;
  private chain: Promise<unknown> = Promise.resolve();
  private autoFlushQueued = false;
  private pendingFailure: unknown = undefined;
  private closing: Promise<void> | undefined;
  private bufferedRows = 0;
  private readonly counters = {
    ticksAppended: 0,
    candlesAppended: 0,
    flushes: 0,
    rowsDeleted: 0,
    rowsWritten: 0,
    writeErrors: 0,
  };

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly options: DuckDbMarketStoreOptions,
  ) {
    this.maxBufferedRows = options.maxBufferedRows ?? 50_000;
    this.registry = new InstrumentRegistry(options.rootDir);
  }

  static async open(options: DuckDbMarketStoreOptions): Promise<DuckDbMarketStore> {
    validateRetention(options.retention);
    const max = options.maxBufferedRows;
    if (max !== undefined && !(max >= 1)) throw new RangeError(`maxBufferedRows must be >= 1, got ${max}`);
    if (options.rootDir !== IN_MEMORY) fs.mkdirSync(options.rootDir, { recursive: true });
    const instance = await DuckDBInstance.create(IN_MEMORY, { ...options.duckdbConfig });
    try {
      return new DuckDbMarketStore(instance, await instance.connect(), options);
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  /** Creates the directory, attaches `<rootDir>/<venue>/<marketType>/<SYMBOL>/trading.duckdb`, creates tables. */
  async register(instrument: Instrument): Promise<void> {
    this.assertOpen();
    const existing = this.registry.registrationOf(instrument);
    if (existing !== undefined) return existing;
    // Known at once, so ticks can be buffered while the ATTACH is queued; writes run after it on the chain.
    const entry = this.registry.add(instrument);
    const attached = this.enqueue(async () => {
      try {
        await entry.attach(this.connection);
      } catch (error) {
        await entry.detach(this.connection).catch(() => undefined);
        this.bufferedRows -= entry.discardBuffers();
        this.registry.remove(entry);
        throw error;
      }
    });
    this.registry.setRegistration(instrument.id, attached);
    return attached;
  }

  appendTick(tick: TradeTick): void {
    const entry = this.entryForAppend(tick.instrumentId, 'appendTick');
    if (!Number.isSafeInteger(tick.ts))
      throw new RangeError(`appendTick ${tick.instrumentId}: ts ${tick.ts} is not integer ms`);
    entry.ticks.push(tick);
    this.counters.ticksAppended++;
    this.noteBuffered();
  }

  appendCandle(candle: Candle): void {
    const entry = this.entryForAppend(candle.instrumentId, 'appendCandle');
    const buffer = entry.candles[candle.timeframe];
    if (buffer === undefined)
      throw new RangeError(`appendCandle: unknown timeframe ${String(candle.timeframe)}`);
    if (!Number.isSafeInteger(candle.openTime)) {
      throw new RangeError(
        `appendCandle ${candle.instrumentId}: openTime ${candle.openTime} is not integer ms`,
      );
    }
    buffer.push(candle);
    this.counters.candlesAppended++;
    this.noteBuffered();
  }

  appendDecision(record: DecisionRecord): void {
    this.entryForAppend(record.instrumentId, 'appendDecision').records.decisions.push(record);
    this.noteBuffered();
  }

  appendTrade(trade: ClosedTrade): void {
    this.entryForAppend(trade.instrumentId, 'appendTrade').records.trades.push(trade);
    this.noteBuffered();
  }

  /** Stored decision or trade rows of one instrument (buffered rows are not counted). */
  async countRecords(instrumentId: string, table: 'decisions' | 'trade_executions'): Promise<number> {
    const entry = this.entryForRead(instrumentId);
    return this.enqueue(async () => {
      const reader = await this.connection.runAndReadAll(
        `SELECT count(*) FROM ${quotedIdentifier(entry.alias)}.main.${quotedIdentifier(table)}`,
      );
      return Number(reader.getRows()[0]?.[0] ?? 0);
    });
  }

  /** Writes every row buffered so far; rejects with this write's error or an earlier automatic flush's. */
  flush(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    return this.enqueue(async () => {
      let error: unknown;
      try {
        await this.writeAll();
      } catch (caught) {
        error = caught;
      }
      const earlier = this.pendingFailure;
      this.pendingFailure = undefined;
      if (earlier !== undefined && error !== undefined)
        throw new AggregateError([earlier, error], 'flushes failed');
      if (earlier !== undefined || error !== undefined) throw earlier ?? error;
    });
  }

  /** Flushes, then deletes rows older than each table's window (relative to `nowMs`, event time). */
  async applyRetention(nowMs: number): Promise<number> {
    const policy = this.options.retention;
    if (policy.keepEverything) return 0;
    if (!Number.isFinite(nowMs)) throw new RangeError(`applyRetention: nowMs ${nowMs} is not finite`);
    await this.flush();
    return this.enqueue(async () => {
      let deleted = 0;
      for (const entry of this.registry.all()) {
        if (!entry.attached) continue;
        deleted += await deleteExpired(this.connection, entry.alias, policy, nowMs, TABLE_NAMES);
      }
      this.counters.rowsDeleted += deleted;
      return deleted;
    });
  }

  /** Rows stored in the instrument's file (rows still buffered are not counted). */
  async countRows(instrumentId: string, table: TableName): Promise<number> {
    if (!isTableName(table)) throw new RangeError(`unknown table ${String(table)}`);
    const entry = this.entryForRead(instrumentId);
    return this.enqueue(() => countTableRows(this.connection, entry.alias, table));
  }

  /** Stored ticks of one instrument in insertion order. */
  async readTicks(instrumentId: string, range?: ReadRange): Promise<StoredTick[]> {
    const entry = this.entryForRead(instrumentId);
    return this.enqueue(() => selectTicks(this.connection, entry.alias, range));
  }

  /** Stored candles of one instrument and timeframe in insertion order. */
  async readCandles(instrumentId: string, timeframe: Timeframe, range?: ReadRange): Promise<StoredCandle[]> {
    const entry = this.entryForRead(instrumentId);
    return this.enqueue(() => selectCandles(this.connection, entry.alias, timeframe, range));
  }

  /** The database file of an instrument (':memory:' for in-memory stores). */
  locationOf(instrumentId: string): string | undefined {
    return this.registry.get(instrumentId)?.location;
  }

  stats(): DuckDbStoreStats {
    const { rowsWritten, writeErrors, ...base } = this.counters;
    return {
      ...base,
      instruments: this.registry.size,
      bufferedRows: this.bufferedRows,
      rowsWritten,
      writeErrors,
    };
  }

  pendingRows(): number {
    return this.bufferedRows;
  }

  /** Flushes, closes the appenders, detaches every file and closes the instance. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.enqueue(async () => {
      const errors: unknown[] = [];
      if (this.pendingFailure !== undefined) errors.push(this.pendingFailure);
      await this.writeAll().catch((error: unknown) => errors.push(error));
      for (const entry of this.registry.all()) {
        await entry.detach(this.connection).catch((error: unknown) => errors.push(error));
      }
      this.connection.closeSync();
      this.instance.closeSync();
      throwCollected(errors, 'closing the DuckDB store failed');
    });
    return this.closing;
  }

  /** Runs work on the store's connection in turn with every other database operation (for sibling stores). */
  runExclusive<T>(operation: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.enqueue(() => operation(this.connection));
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.chain.then(operation);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private noteBuffered(): void {
    if (++this.bufferedRows > this.maxBufferedRows && !this.autoFlushQueued) {
      this.autoFlushQueued = true;
      this.enqueue(() => {
        this.autoFlushQueued = false;
        return this.writeAll();
      }).catch((error: unknown) => {
        this.pendingFailure ??= error;
        this.options.onFlushError?.(error);
      });
    }
  }

  private async writeAll(): Promise<void> {
    const onCleared = (rows: number): void => {
      this.bufferedRows -= rows;
    };
    const { written, errors } = await writeAttachments(
      this.registry.all(),
      this.connection,
      this.chunks,
      onCleared,
    );
    if (written > 0) this.counters.flushes++;
    this.counters.rowsWritten += written;
    this.counters.writeErrors += errors.length;
    throwCollected(errors, 'flush failed for several instruments');
  }

  private entryForAppend(instrumentId: string, operation: string): Attachment {
    const entry = this.registry.get(instrumentId);
    if (entry === undefined) throw new Error(`${operation}: instrument ${instrumentId} is not registered`);
    if (this.closing !== undefined) throw new Error(`${operation}: the store is closed`);
    return entry;
  }

  private entryForRead(instrumentId: string): Attachment {
    this.assertOpen();
    const entry = this.registry.get(instrumentId);
    if (entry === undefined) throw new Error(`instrument ${instrumentId} is not registered`);
    return entry;
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new Error('the DuckDB store is closed');
  }
}
