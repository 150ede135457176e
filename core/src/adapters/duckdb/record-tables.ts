import { quotedIdentifier, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { ClosedTrade } from '../../domain/trading.ts';
import type { DecisionRecord } from '../../events/decision-record.ts';

/**
 * Decision records and finished trades (design 2.2.7 `trade_executions`, plus `decisions` for the
 * explainable funnel). A few rows per second at most, so they are buffered as objects and written with a
 * short-lived row appender at each flush; `stages` and `filters` are stored as JSON text.
 */
export type RecordTable = 'decisions' | 'trade_executions';

export function createRecordTablesSql(alias: string): string[] {
  const db = quotedIdentifier(alias);
  return [
    `CREATE TABLE IF NOT EXISTS ${db}.main.decisions (` +
      'decision_id VARCHAR NOT NULL, timestamp BIGINT NOT NULL, price DOUBLE NOT NULL, direction VARCHAR, ' +
      'rejected_at VARCHAR, reason VARCHAR NOT NULL, score DOUBLE, tier VARCHAR, signal_id VARCHAR, ' +
      'stages VARCHAR NOT NULL, filters VARCHAR NOT NULL)',
    `CREATE TABLE IF NOT EXISTS ${db}.main.trade_executions (` +
      'trade_id VARCHAR NOT NULL, timestamp BIGINT NOT NULL, side VARCHAR NOT NULL, entry_time BIGINT NOT NULL, ' +
      'entry_price DOUBLE NOT NULL, exit_price DOUBLE NOT NULL, quantity DOUBLE NOT NULL, pnl DOUBLE NOT NULL, ' +
      'fees DOUBLE NOT NULL, exit_reason VARCHAR NOT NULL, strategy VARCHAR NOT NULL, signal_id VARCHAR NOT NULL)',
  ];
}

export class RecordBuffer {
  decisions: DecisionRecord[] = [];
  trades: ClosedTrade[] = [];

  get length(): number {
    return this.decisions.length + this.trades.length;
  }

  clear(): void {
    this.decisions = [];
    this.trades = [];
  }
}

/** Writes and empties the buffer; returns rows written. */
export async function writeRecords(
  connection: DuckDBConnection,
  alias: string,
  buffer: RecordBuffer,
): Promise<number> {
  const { decisions, trades } = buffer;
  buffer.clear();
  if (decisions.length > 0)
    await withAppender(connection, alias, 'decisions', (a) => decisions.forEach((d) => appendDecision(a, d)));
  if (trades.length > 0)
    await withAppender(connection, alias, 'trade_executions', (a) =>
      trades.forEach((t) => appendTrade(a, t)),
    );
  return decisions.length + trades.length;
}

async function withAppender(
  connection: DuckDBConnection,
  alias: string,
  table: RecordTable,
  fill: (appender: DuckDBAppender) => void,
): Promise<void> {
  const appender = await connection.createAppender(table, 'main', alias);
  try {
    fill(appender);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendDecision(a: DuckDBAppender, d: DecisionRecord): void {
  const failed = d.stages.find((s) => !s.passed);
  a.appendVarchar(d.decisionId);
  a.appendBigInt(BigInt(d.ts));
  a.appendDouble(d.price);
  appendNullable(a, d.direction);
  appendNullable(a, d.rejectedAt);
  a.appendVarchar(failed?.reason ?? (d.signalId ? 'signal' : 'passed'));
  if (d.score === null) a.appendNull();
  else a.appendDouble(d.score);
  appendNullable(a, d.tier);
  appendNullable(a, d.signalId);
  a.appendVarchar(JSON.stringify(d.stages));
  a.appendVarchar(JSON.stringify(d.filters));
  a.endRow();
}

function appendTrade(a: DuckDBAppender, t: ClosedTrade): void {
  a.appendVarchar(t.positionId);
  a.appendBigInt(BigInt(t.exitTime));
  a.appendVarchar(t.direction);
  a.appendBigInt(BigInt(t.entryTime));
  a.appendDouble(t.entryPrice);
  a.appendDouble(t.exitPrice);
  a.appendDouble(t.quantity);
  a.appendDouble(t.pnl);
  a.appendDouble(t.fees);
  a.appendVarchar(t.reason);
  a.appendVarchar('orderflow_scalping');
  a.appendVarchar(t.signalId);
  a.endRow();
}

function appendNullable(a: DuckDBAppender, value: string | null): void {
  if (value === null) a.appendNull();
  else a.appendVarchar(value);
}
