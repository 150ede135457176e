/** Portfolio-wide risk records (design 2.2.5 tables); times are event-time ms. */
export interface HealthSnapshotRecord {
  readonly ts: number;
  readonly totalPositions: number;
  readonly totalUnrealizedPnl: number;
  readonly healthScore: number;
  readonly btcCorrelationAvg: number | null;
  readonly dailyDrawdownPct: number | null;
  readonly actionTaken: string;
  readonly worstPosition: string | null;
  readonly bestPosition: string | null;
}

export interface CorrelationRecord {
  readonly ts: number;
  readonly positionSymbol: string;
  readonly leaderSymbol: string;
  readonly correlation: number;
  readonly rollingWindow: string;
}

export interface DumpDetectionRecord {
  readonly ts: number;
  readonly symbol: string;
  readonly dumpType: string;
  readonly severity: 'warning' | 'critical';
  readonly priceAtDetection: number;
  readonly actionTaken: string;
}

export type RiskTable = 'portfolio_health_snapshots' | 'position_correlations' | 'dump_detections';

/** Buffered like market data and written with it; one portfolio database, not per symbol. */
export interface RiskRecordStore {
  appendHealthSnapshot(record: HealthSnapshotRecord): void;
  appendCorrelation(record: CorrelationRecord): void;
  appendDumpDetection(record: DumpDetectionRecord): void;
  countRiskRows(table: RiskTable): Promise<number>;
}
