import type { ClosedTrade, EquityPoint } from './types.ts';

export const TRADES_CSV_HEADER =
  'symbol,side,entry_time_ms,entry_price,exit_time_ms,exit_price,qty,pnl,fees,exit_reason';
export const EQUITY_CSV_HEADER = 'ts_ms,equity';

/** Quotes a text field only when CSV requires it (comma, quote or line break). */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * trades.csv in the given order. Numbers use JavaScript's shortest round-trip form, so the file is exact
 * and byte-identical across runs; the file ends with a newline.
 */
export function tradesCsv(trades: readonly ClosedTrade[]): string {
  const lines = [TRADES_CSV_HEADER];
  for (const t of trades) {
    lines.push(
      [
        field(t.symbol),
        t.side,
        t.entry_time_ms,
        t.entry_price,
        t.exit_time_ms,
        t.exit_price,
        t.qty,
        t.pnl,
        t.fees,
        field(t.exit_reason),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function equityCsv(points: readonly EquityPoint[]): string {
  return [EQUITY_CSV_HEADER, ...points.map((p) => `${p.ts_ms},${p.equity}`)].join('\n') + '\n';
}
