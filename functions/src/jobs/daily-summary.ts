import type { Clock } from '@engine/core/ports/clock';
import type { Logger } from '@engine/core/ports/logger';
import type { StateStore, TradeHistoryRecord } from '@engine/core/ports/state-store';
import type { ReportIndex } from './report-index.ts';
import type { ReportSink } from './report-sink.ts';

export const DAY_MS = 86_400_000;

export interface SymbolSummary {
  readonly symbol: string;
  readonly trades: number;
  readonly wins: number;
  readonly netPnl: number;
  readonly fees: number;
}

/** Headline figures of one UTC day; `pnl` in trade_history is already net of fees. */
export interface DailySummary {
  readonly date: string;
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** wins / trades, 0 with no trades. */
  readonly winRate: number;
  readonly netPnl: number;
  readonly grossPnl: number;
  readonly fees: number;
  readonly bySymbol: readonly SymbolSummary[];
}

export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

const round = (value: number): number => Math.round(value * 1e8) / 1e8;

export function summarizeTrades(date: string, trades: readonly TradeHistoryRecord[]): DailySummary {
  const bySymbol = new Map<string, { trades: number; wins: number; netPnl: number; fees: number }>();
  let wins = 0;
  let netPnl = 0;
  let fees = 0;
  for (const trade of trades) {
    const row = bySymbol.get(trade.symbol) ?? { trades: 0, wins: 0, netPnl: 0, fees: 0 };
    const won = trade.pnl > 0;
    row.trades += 1;
    row.wins += won ? 1 : 0;
    row.netPnl += trade.pnl;
    row.fees += trade.fees;
    bySymbol.set(trade.symbol, row);
    wins += won ? 1 : 0;
    netPnl += trade.pnl;
    fees += trade.fees;
  }
  return {
    date,
    trades: trades.length,
    wins,
    losses: trades.length - wins,
    winRate: trades.length === 0 ? 0 : round(wins / trades.length),
    netPnl: round(netPnl),
    grossPnl: round(netPnl + fees),
    fees: round(fees),
    bySymbol: [...bySymbol.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([symbol, row]) => ({ symbol, ...row, netPnl: round(row.netPnl), fees: round(row.fees) })),
  };
}

const CSV_COLUMNS = [
  'positionId',
  'exchange',
  'marketType',
  'symbol',
  'direction',
  'entryTime',
  'entryPrice',
  'exitTime',
  'exitPrice',
  'quantity',
  'pnl',
  'fees',
  'pnlPercent',
  'reason',
] as const;

function csvCell(value: unknown): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tradesCsv(trades: readonly TradeHistoryRecord[]): string {
  const rows = trades.map((trade) => CSV_COLUMNS.map((column) => csvCell(trade[column])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

export interface DailySummaryDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sink: ReportSink;
  readonly index: ReportIndex;
}

/** Summarises the previous UTC day: CSV of its trades + JSON summary to the sink, indexed in `reports`. */
export async function runDailySummary(deps: DailySummaryDeps): Promise<DailySummary> {
  const until = startOfUtcDay(deps.clock.now());
  const since = until - DAY_MS;
  const date = utcDate(since);
  const trades = await deps.store.listTrades({ since, until });
  const summary = summarizeTrades(date, trades);
  const files = [
    await deps.sink.write(`reports/${date}/trades.csv`, tradesCsv(trades), 'text/csv'),
    await deps.sink.write(
      `reports/${date}/summary.json`,
      JSON.stringify(summary, null, 2) + '\n',
      'application/json',
    ),
  ];
  await deps.index.put({
    date,
    files,
    tradeCount: summary.trades,
    netPnl: summary.netPnl,
    createdAt: deps.clock.now(),
  });
  deps.logger.log('info', 'daily summary written', { date, trades: summary.trades });
  return summary;
}

export interface RetentionDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sink: ReportSink;
  readonly index: ReportIndex;
}

/** Deletes reports (files + index) and trade_history older than `retentionDays` whole UTC days. */
export async function runReportRetention(
  deps: RetentionDeps,
  retentionDays: number,
): Promise<{ readonly reportsDeleted: number; readonly tradesDeleted: number }> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error(`retention days must be a positive integer, got ${retentionDays}`);
  }
  const cutoff = startOfUtcDay(deps.clock.now()) - retentionDays * DAY_MS;
  const dates = await deps.index.listDatesBefore(utcDate(cutoff));
  for (const date of dates) {
    await deps.sink.deletePrefix(`reports/${date}/`);
    await deps.index.remove(date);
  }
  const tradesDeleted = await deps.store.deleteTradesBefore(cutoff);
  deps.logger.log('info', 'retention applied', { cutoff, reports: dates.length, trades: tradesDeleted });
  return { reportsDeleted: dates.length, tradesDeleted };
}
