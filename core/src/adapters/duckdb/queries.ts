import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Timeframe } from '../../domain/candle.ts';
import type { Side } from '../../domain/ticks.ts';
import { CANDLE_COLUMNS, CANDLE_TABLE, TICK_COLUMNS, tableRef, type TableName } from './schema.ts';

/** A tick row as stored (design 2.2.7 columns; `exchange` is the venue). */
export interface StoredTick {
  readonly timestamp: number;
  readonly price: number;
  readonly volume: number;
  readonly side: Side;
  readonly exchange: string;
}

/** A candle row as stored; `timestamp` is the candle's open time. */
export interface StoredCandle {
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly trades: number;
  readonly buyTrades: number;
  readonly sellTrades: number;
}

export interface ReadRange {
  /** Inclusive lower bound on `timestamp` (ms). */
  readonly fromMs?: number;
  /** Exclusive upper bound on `timestamp` (ms). */
  readonly toMs?: number;
}

function asNumber(value: DuckDBValue | undefined, column: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`column ${column}: expected a number, got ${String(value)}`);
}

function asSide(value: DuckDBValue | undefined): Side {
  if (value === 'buy' || value === 'sell') return value;
  throw new TypeError(`column side: expected 'buy' or 'sell', got ${String(value)}`);
}

function whereRange(range: ReadRange | undefined): { sql: string; values: DuckDBValue[] } {
  const clauses: string[] = [];
  const values: DuckDBValue[] = [];
  if (range?.fromMs !== undefined) {
    values.push(BigInt(Math.ceil(range.fromMs)));
    clauses.push(`timestamp >= $${values.length}`);
  }
  if (range?.toMs !== undefined) {
    values.push(BigInt(Math.ceil(range.toMs)));
    clauses.push(`timestamp < $${values.length}`);
  }
  return { sql: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', values };
}

export async function countTableRows(
  connection: DuckDBConnection,
  alias: string,
  table: TableName,
): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${tableRef(alias, table)}`);
  return asNumber(reader.getRows()[0]?.[0], 'count');
}

/** Ticks in insertion order (rowid), optionally limited to a time range. */
export async function selectTicks(
  connection: DuckDBConnection,
  alias: string,
  range?: ReadRange,
): Promise<StoredTick[]> {
  const where = whereRange(range);
  const columns = [...TICK_COLUMNS, 'exchange'].join(', ');
  const reader = await connection.runAndReadAll(
    `SELECT ${columns} FROM ${tableRef(alias, 'ticks')}${where.sql} ORDER BY rowid`,
    where.values,
  );
  return reader.getRows().map((row) => ({
    timestamp: asNumber(row[0], 'timestamp'),
    price: asNumber(row[1], 'price'),
    volume: asNumber(row[2], 'volume'),
    side: asSide(row[3]),
    exchange: String(row[4]),
  }));
}

/** Candles of one timeframe in insertion order (rowid), optionally limited to a time range. */
export async function selectCandles(
  connection: DuckDBConnection,
  alias: string,
  timeframe: Timeframe,
  range?: ReadRange,
): Promise<StoredCandle[]> {
  const where = whereRange(range);
  const reader = await connection.runAndReadAll(
    `SELECT ${CANDLE_COLUMNS.join(', ')} FROM ${tableRef(alias, CANDLE_TABLE[timeframe])}${where.sql} ORDER BY rowid`,
    where.values,
  );
  return reader.getRows().map((row) => ({
    timestamp: asNumber(row[0], 'timestamp'),
    open: asNumber(row[1], 'open'),
    high: asNumber(row[2], 'high'),
    low: asNumber(row[3], 'low'),
    close: asNumber(row[4], 'close'),
    volume: asNumber(row[5], 'volume'),
    buyVolume: asNumber(row[6], 'buy_volume'),
    sellVolume: asNumber(row[7], 'sell_volume'),
    trades: asNumber(row[8], 'num_trades'),
    buyTrades: asNumber(row[9], 'num_buy_trades'),
    sellTrades: asNumber(row[10], 'num_sell_trades'),
  }));
}
