import path from 'node:path';
import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import type { Timeframe } from '../../domain/candle.ts';
import type { Instrument } from '../../domain/instrument.ts';

/**
 * Per-symbol schema of design 2.2.7. Every instrument gets its own database file
 * `<rootDir>/<venue>/<marketType>/<SYMBOL>/trading.duckdb` with these tables and no symbol column.
 *
 * Column choices (fixed, documented here once):
 * - `timestamp` is BIGINT Unix milliseconds (venue event time; a candle's open time). Integer ms are stored
 *   exactly; `epoch_ms(timestamp)` gives a TIMESTAMP in queries.
 * - prices and volumes are DOUBLE, so values read back are bit-identical to the JS numbers written.
 * - `side` is `ENUM('buy', 'sell')`: reads and compares as the strings 'buy'/'sell', stored as one byte.
 * - `exchange` is a VIRTUAL generated column equal to the venue. The file path already fixes the venue, so it
 *   costs no storage and nothing on the write path (appenders skip generated columns).
 * - trade counts are INTEGER.
 */
export type TableName = 'ticks' | 'candles_1m' | 'candles_5m' | 'candles_15m';

export const TABLE_NAMES: readonly TableName[] = ['ticks', 'candles_1m', 'candles_5m', 'candles_15m'];

export const CANDLE_TABLE: Readonly<Record<Timeframe, TableName>> = {
  '1m': 'candles_1m',
  '5m': 'candles_5m',
  '15m': 'candles_15m',
};

/** Columns the appender writes, in table order (the generated `exchange` column is not among them). */
export const TICK_COLUMNS = ['timestamp', 'price', 'volume', 'side'] as const;
export const CANDLE_COLUMNS = [
  'timestamp',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'buy_volume',
  'sell_volume',
  'num_trades',
  'num_buy_trades',
  'num_sell_trades',
] as const;

export const SIDE_VALUES = ['buy', 'sell'] as const;

export const DATABASE_FILE_NAME = 'trading.duckdb';

export function isTableName(value: string): value is TableName {
  return (TABLE_NAMES as readonly string[]).includes(value);
}

export function appendedColumnCount(table: TableName): number {
  return table === 'ticks' ? TICK_COLUMNS.length : CANDLE_COLUMNS.length;
}

/** `CREATE TABLE IF NOT EXISTS` statements for one attached database. */
export function createTablesSql(alias: string, venue: string): string[] {
  const db = quotedIdentifier(alias);
  const ticks =
    `CREATE TABLE IF NOT EXISTS ${db}.main.ticks (` +
    'timestamp BIGINT NOT NULL, price DOUBLE NOT NULL, volume DOUBLE NOT NULL, ' +
    `side ENUM(${SIDE_VALUES.map(quotedString).join(', ')}) NOT NULL, ` +
    `exchange VARCHAR GENERATED ALWAYS AS (${quotedString(venue)}) VIRTUAL)`;
  const candles = (['candles_1m', 'candles_5m', 'candles_15m'] as const).map(
    (table) =>
      `CREATE TABLE IF NOT EXISTS ${db}.main.${table} (` +
      'timestamp BIGINT NOT NULL, open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, ' +
      'close DOUBLE NOT NULL, volume DOUBLE NOT NULL, buy_volume DOUBLE NOT NULL, sell_volume DOUBLE NOT NULL, ' +
      'num_trades INTEGER NOT NULL, num_buy_trades INTEGER NOT NULL, num_sell_trades INTEGER NOT NULL)',
  );
  return [ticks, ...candles];
}

/** Fully qualified, quoted table reference: `"s_binance_spot_btcusdt".main.ticks`. */
export function tableRef(alias: string, table: TableName): string {
  return `${quotedIdentifier(alias)}.main.${quotedIdentifier(table)}`;
}

/**
 * Database alias for an instrument: `binance-spot:BTCUSDT` -> `s_binance_spot_btcusdt`. Only `[a-z0-9_]`
 * survive, so the alias is a plain identifier; it is still quoted wherever it is used. Collisions between
 * distinct ids (e.g. `a-b:c` and `a_b:c`) are resolved by the caller with a numeric suffix.
 */
export function aliasForInstrumentId(instrumentId: string): string {
  const slug = instrumentId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `s_${slug.length > 0 ? slug : 'x'}`;
}

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * `<rootDir>/<venue>/<marketType>/<symbol>/trading.duckdb`. Each segment must be a plain name (letters,
 * digits, `.`, `_`, `-`, not starting with a dot) so an instrument can never address a file outside rootDir.
 */
export function databasePath(rootDir: string, instrument: Instrument): string {
  const segments = [instrument.venue, instrument.marketType, instrument.symbol];
  for (const segment of segments) {
    if (!SAFE_SEGMENT.test(segment)) {
      throw new Error(
        `Instrument ${instrument.id}: unsafe path segment ${JSON.stringify(segment)} for the database file`,
      );
    }
  }
  return path.join(rootDir, ...segments, DATABASE_FILE_NAME);
}

export function attachSql(location: string, alias: string): string {
  return `ATTACH ${quotedString(location)} AS ${quotedIdentifier(alias)}`;
}

export function detachSql(alias: string): string {
  return `DETACH ${quotedIdentifier(alias)}`;
}
