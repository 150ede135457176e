import path from 'node:path';
import type {
  CorrelationRecord,
  DumpDetectionRecord,
  HealthSnapshotRecord,
  RiskRecordStore,
  RiskTable,
} from '../../ports/risk-store.ts';
import type { DuckDbMarketStore } from './duckdb-market-store.ts';
import { RiskDatabase } from './risk-tables.ts';

const FLUSH_AT_ROWS = 10_000;

/**
 * Portfolio risk records on the market store's single DuckDB instance and connection (one instance per
 * process), in `<root>/portfolio/risk.duckdb`. Appends buffer; a flush (explicit, or past 10,000 rows)
 * writes them in turn with the market store's other work.
 */
export class DuckDbRiskStore implements RiskRecordStore {
  private readonly db: RiskDatabase;
  private readonly ready: Promise<void>;
  private pending: Promise<unknown> = Promise.resolve();
  private writeQueued = false;

  constructor(
    private readonly store: DuckDbMarketStore,
    rootDir: string,
  ) {
    this.db = new RiskDatabase(
      rootDir === ':memory:' ? ':memory:' : path.join(rootDir, 'portfolio', 'risk.duckdb'),
    );
    this.ready = store.runExclusive((connection) => this.db.attach(connection));
  }

  appendHealthSnapshot(record: HealthSnapshotRecord): void {
    this.db.health.push(record);
    this.noteBuffered();
  }

  appendCorrelation(record: CorrelationRecord): void {
    this.db.correlations.push(record);
    this.noteBuffered();
  }

  appendDumpDetection(record: DumpDetectionRecord): void {
    this.db.dumps.push(record);
    this.noteBuffered();
  }

  async flush(): Promise<number> {
    await this.ready;
    await this.pending;
    return this.store.runExclusive((connection) => this.db.write(connection));
  }

  async countRiskRows(table: RiskTable): Promise<number> {
    await this.ready;
    return this.store.runExclusive((connection) => this.db.count(connection, table));
  }

  /** Writes what is buffered and detaches; call before closing the market store. */
  async close(): Promise<void> {
    await this.flush();
    await this.store.runExclusive((connection) => this.db.detach(connection));
  }

  private noteBuffered(): void {
    if (this.writeQueued || this.db.bufferedRows < FLUSH_AT_ROWS) return;
    this.writeQueued = true;
    this.pending = this.pending.then(() =>
      this.store.runExclusive((connection) => {
        this.writeQueued = false;
        return this.db.write(connection);
      }),
    );
  }
}
