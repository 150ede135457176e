import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** One document write: a record to store under (collection, id), or null to delete it. */
export interface StateChange {
  readonly collection: string;
  readonly id: string;
  readonly record: object | null;
}

export interface StoredDocument {
  readonly collection: string;
  readonly id: string;
  readonly record: unknown;
}

/**
 * The embedded store's file: one DuckDB database with one table of (collection, id, json).
 *
 * Why DuckDB rather than a JSON-lines journal: the project already ships DuckDB, and its write-ahead log
 * gives atomic, durable multi-document commits (replaceTopLiquid, forex account + credentials) and crash
 * recovery for free; a journal would need its own torn-line handling, fsync discipline and compaction.
 * State is small (hundreds of documents), so every document is also kept in memory and the file is read
 * once, at open. The file is locked by DuckDB, so a second process cannot open it by mistake.
 */
export class StateFile {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(filePath: string): Promise<StateFile> {
    fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
    // One thread: a handful of small commits never benefit from DuckDB's parallelism.
    const instance = await DuckDBInstance.create(filePath, { threads: '1' });
    try {
      const connection = await instance.connect();
      await connection.run(
        'CREATE TABLE IF NOT EXISTS state_documents (collection VARCHAR NOT NULL, id VARCHAR NOT NULL, ' +
          'json VARCHAR NOT NULL, PRIMARY KEY (collection, id))',
      );
      return new StateFile(instance, connection);
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  async load(): Promise<StoredDocument[]> {
    const reader = await this.connection.runAndReadAll('SELECT collection, id, json FROM state_documents');
    return reader.getRowsJS().map(([collection, id, json]) => ({
      collection: String(collection),
      id: String(id),
      record: JSON.parse(String(json)) as unknown,
    }));
  }

  /**
   * All changes commit together or not at all; the caller serialises calls. Rows go in multi-row
   * statements: one statement per row costs milliseconds each in DuckDB, one per chunk costs about as much.
   */
  async apply(changes: readonly StateChange[]): Promise<void> {
    const latest = lastChangePerDocument(changes);
    await this.connection.run('BEGIN TRANSACTION');
    try {
      for (const chunk of chunks(latest.filter((change) => change.record === null))) {
        const pairs = chunk.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
        const values = chunk.flatMap((change) => [change.collection, change.id]);
        await this.connection.run(`DELETE FROM state_documents WHERE (collection, id) IN (${pairs})`, values);
      }
      for (const chunk of chunks(latest.filter((change) => change.record !== null))) {
        const rows = chunk.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ');
        const values = chunk.flatMap((change) => [
          change.collection,
          change.id,
          JSON.stringify(change.record),
        ]);
        await this.connection.run(
          `INSERT INTO state_documents VALUES ${rows} ON CONFLICT DO UPDATE SET json = excluded.json`,
          values,
        );
      }
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.connection.run('CHECKPOINT');
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Only a document's last change counts, and one multi-row upsert may not name a key twice. */
function lastChangePerDocument(changes: readonly StateChange[]): StateChange[] {
  const last = new Map<string, StateChange>();
  for (const change of changes) last.set(`${change.collection}\u0000${change.id}`, change);
  return [...last.values()];
}

const ROWS_PER_STATEMENT = 250;

function chunks(changes: readonly StateChange[]): StateChange[][] {
  const out: StateChange[][] = [];
  for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT)
    out.push(changes.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}
