import type { ClosedTrade } from '../domain/trading.ts';
import type { DecisionRecord } from '../events/decision-record.ts';

/** Where decision records and finished trades are kept (buffered like market data; flushed with it). */
export interface TradingRecordStore {
  appendDecision(record: DecisionRecord): void;
  appendTrade(trade: ClosedTrade): void;
  countRecords(instrumentId: string, table: 'decisions' | 'trade_executions'): Promise<number>;
}
