import type { Firestore } from 'firebase-admin/firestore';

/** One document of `reports/{date}`: where the day's files are and the headline numbers. */
export interface ReportIndexRecord {
  /** UTC day, `YYYY-MM-DD`. */
  readonly date: string;
  readonly files: readonly string[];
  readonly tradeCount: number;
  readonly netPnl: number;
  readonly createdAt: number;
}

/** The `reports` collection; kept beside the jobs because only they read or write it. */
export interface ReportIndex {
  put(record: ReportIndexRecord): Promise<void>;
  /** Dates (`YYYY-MM-DD`) strictly before `date`, oldest first. */
  listDatesBefore(date: string): Promise<readonly string[]>;
  remove(date: string): Promise<void>;
}

export class FirestoreReportIndex implements ReportIndex {
  constructor(private readonly db: Firestore) {}

  async put(record: ReportIndexRecord): Promise<void> {
    await this.db.collection('reports').doc(record.date).set(record);
  }

  async listDatesBefore(date: string): Promise<readonly string[]> {
    const snapshot = await this.db.collection('reports').where('date', '<', date).orderBy('date').get();
    return snapshot.docs.map((doc) => doc.id);
  }

  async remove(date: string): Promise<void> {
    await this.db.collection('reports').doc(date).delete();
  }
}

export class MemoryReportIndex implements ReportIndex {
  readonly records = new Map<string, ReportIndexRecord>();

  put(record: ReportIndexRecord): Promise<void> {
    this.records.set(record.date, record);
    return Promise.resolve();
  }

  listDatesBefore(date: string): Promise<readonly string[]> {
    return Promise.resolve([...this.records.keys()].filter((key) => key < date).sort());
  }

  remove(date: string): Promise<void> {
    this.records.delete(date);
    return Promise.resolve();
  }
}
