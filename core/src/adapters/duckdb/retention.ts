import type { DuckDBConnection } from '@duckdb/node-api';
import type { RetentionPolicy } from '../../ports/market-store.ts';
import { tableRef, type TableName } from './schema.ts';

/** Design 2.2.7 defaults: ticks and 1m candles 15 minutes, 5m and 15m candles one hour. */
export const DEFAULT_RETENTION: RetentionPolicy = {
  keepEverything: false,
  ticksMs: 15 * 60_000,
  candles1mMs: 15 * 60_000,
  candles5mMs: 60 * 60_000,
  candles15mMs: 60 * 60_000,
};

/** Keeps every row (replays, research). */
export const KEEP_EVERYTHING: RetentionPolicy = { ...DEFAULT_RETENTION, keepEverything: true };

export function retentionWindowMs(policy: RetentionPolicy, table: TableName): number {
  switch (table) {
    case 'ticks':
      return policy.ticksMs;
    case 'candles_1m':
      return policy.candles1mMs;
    case 'candles_5m':
      return policy.candles5mMs;
    case 'candles_15m':
      return policy.candles15mMs;
  }
}

export function validateRetention(policy: RetentionPolicy): void {
  if (policy.keepEverything) return;
  for (const [name, value] of Object.entries(policy)) {
    if (name === 'keepEverything') continue;
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
      throw new RangeError(`retention.${name} must be a finite number of ms >= 0, got ${String(value)}`);
    }
  }
}

/**
 * First timestamp that is kept: rows with `timestamp < nowMs - window` go. Timestamps are integer ms, so a
 * fractional bound is rounded up, which deletes exactly the same rows as the exact comparison.
 */
export function retentionCutoff(nowMs: number, windowMs: number): bigint {
  return BigInt(Math.ceil(nowMs - windowMs));
}

/** Deletes the rows older than each table's window from one attached database; returns rows deleted. */
export async function deleteExpired(
  connection: DuckDBConnection,
  alias: string,
  policy: RetentionPolicy,
  nowMs: number,
  tables: readonly TableName[],
): Promise<number> {
  if (policy.keepEverything) return 0;
  let deleted = 0;
  for (const table of tables) {
    const cutoff = retentionCutoff(nowMs, retentionWindowMs(policy, table));
    const result = await connection.run(`DELETE FROM ${tableRef(alias, table)} WHERE timestamp < $1`, [
      cutoff,
    ]);
    deleted += result.rowsChanged;
  }
  return deleted;
}
