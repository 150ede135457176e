/**
 * DuckDB adapter for the MarketDataStore port (design 2.2.7).
 *
 * - One DuckDBInstance per store (in-memory main database); each instrument's file
 *   `<rootDir>/<venue>/<marketType>/<SYMBOL>/trading.duckdb` is ATTACHed under an alias such as
 *   `s_binance_spot_btcusdt`. `rootDir: ':memory:'` attaches in-memory databases instead.
 * - Appends go to typed-array column buffers; `flush()` writes them through one long-lived appender per table
 *   using reusable DuckDBDataChunks (faster than the row-wise appender) and calls `flushSync()`.
 * - Timestamps are BIGINT Unix ms, prices and volumes DOUBLE, side ENUM('buy','sell'), `exchange` a virtual
 *   column equal to the venue; see `schema.ts`.
 */
export {
  DuckDbMarketStore,
  type DuckDbMarketStoreOptions,
  type DuckDbStoreStats,
} from './duckdb-market-store.ts';
export { measureAppendRate } from './measure.ts';
export { DEFAULT_RETENTION, KEEP_EVERYTHING } from './retention.ts';
export { type ReadRange, type StoredCandle, type StoredTick } from './queries.ts';
export {
  DATABASE_FILE_NAME,
  TABLE_NAMES,
  aliasForInstrumentId,
  databasePath,
  type TableName,
} from './schema.ts';
export { DuckDbRiskStore } from './duckdb-risk-store.ts';
