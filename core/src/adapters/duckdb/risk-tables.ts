import fs from 'node:fs/promises';
import path from 'node:path';
import { quotedIdentifier, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type {
  CorrelationRecord,
  DumpDetectionRecord,
  HealthSnapshotRecord,
  RiskTable,
} from '../../ports/risk-store.ts';
import { attachSql, detachSql } from './schema.ts';

export const RISK_ALIAS = 'portfolio_risk';

/**
 * The portfolio database of design 2.2.5 (`<root>/portfolio/risk.duckdb`): health snapshots, correlation
 * matrix refreshes and dump detections concern the whole account, so they live beside the per-symbol files
 * rather than in one of them. Rows are few (seconds apart at most) and written with short-lived appenders.
 */
export class RiskDatabase {
  health: HealthSnapshotRecord[] = [];
  correlations: CorrelationRecord[] = [];
  dumps: DumpDetectionRecord[] = [];
  attached = false;

  constructor(private readonly location: string) {}

  get bufferedRows(): number {
    return this.health.length + this.correlations.length + this.dumps.length;
  }

  async attach(connection: DuckDBConnection): Promise<void> {
    if (this.location !== ':memory:') await fs.mkdir(path.dirname(this.location), { recursive: true });
    await connection.run(attachSql(this.location, RISK_ALIAS));
    this.attached = true;
    const db = quotedIdentifier(RISK_ALIAS);
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${db}.main.portfolio_health_snapshots (timestamp BIGINT NOT NULL, ` +
        'total_positions INTEGER NOT NULL, total_unrealized_pnl DOUBLE NOT NULL, health_score DOUBLE NOT NULL, ' +
        'btc_correlation_avg DOUBLE, daily_drawdown_pct DOUBLE, action_taken VARCHAR NOT NULL, ' +
        'worst_position VARCHAR, best_position VARCHAR)',
    );
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${db}.main.position_correlations (timestamp BIGINT NOT NULL, ` +
        'position_symbol VARCHAR NOT NULL, leader_symbol VARCHAR NOT NULL, correlation DOUBLE NOT NULL, ' +
        'rolling_window VARCHAR NOT NULL)',
    );
    await connection.run(
      `CREATE TABLE IF NOT EXISTS ${db}.main.dump_detections (timestamp BIGINT NOT NULL, symbol VARCHAR NOT NULL, ` +
        'dump_type VARCHAR NOT NULL, severity VARCHAR NOT NULL, price_at_detection DOUBLE NOT NULL, ' +
        'action_taken VARCHAR NOT NULL)',
    );
  }

  async write(connection: DuckDBConnection): Promise<number> {
    const { health, correlations, dumps } = this;
    this.health = [];
    this.correlations = [];
    this.dumps = [];
    await append(connection, 'portfolio_health_snapshots', health, (a, r) => {
      a.appendBigInt(BigInt(r.ts));
      a.appendInteger(r.totalPositions);
      a.appendDouble(r.totalUnrealizedPnl);
      a.appendDouble(r.healthScore);
      nullableDouble(a, r.btcCorrelationAvg);
      nullableDouble(a, r.dailyDrawdownPct);
      a.appendVarchar(r.actionTaken);
      nullableText(a, r.worstPosition);
      nullableText(a, r.bestPosition);
    });
    await append(connection, 'position_correlations', correlations, (a, r) => {
      a.appendBigInt(BigInt(r.ts));
      a.appendVarchar(r.positionSymbol);
      a.appendVarchar(r.leaderSymbol);
      a.appendDouble(r.correlation);
      a.appendVarchar(r.rollingWindow);
    });
    await append(connection, 'dump_detections', dumps, (a, r) => {
      a.appendBigInt(BigInt(r.ts));
      a.appendVarchar(r.symbol);
      a.appendVarchar(r.dumpType);
      a.appendVarchar(r.severity);
      a.appendDouble(r.priceAtDetection);
      a.appendVarchar(r.actionTaken);
    });
    return health.length + correlations.length + dumps.length;
  }

  async detach(connection: DuckDBConnection): Promise<void> {
    if (!this.attached) return;
    await connection.run(detachSql(RISK_ALIAS));
    this.attached = false;
  }

  async count(connection: DuckDBConnection, table: RiskTable): Promise<number> {
    const reader = await connection.runAndReadAll(
      `SELECT count(*) FROM ${quotedIdentifier(RISK_ALIAS)}.main.${quotedIdentifier(table)}`,
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }
}

async function append<T>(
  connection: DuckDBConnection,
  table: RiskTable,
  rows: readonly T[],
  fill: (appender: DuckDBAppender, row: T) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const appender = await connection.createAppender(table, 'main', RISK_ALIAS);
  try {
    for (const row of rows) {
      fill(appender, row);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function nullableDouble(a: DuckDBAppender, value: number | null): void {
  if (value === null || !Number.isFinite(value)) a.appendNull();
  else a.appendDouble(value);
}

function nullableText(a: DuckDBAppender, value: string | null): void {
  if (value === null) a.appendNull();
  else a.appendVarchar(value);
}
