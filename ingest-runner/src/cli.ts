#!/usr/bin/env node
import type { Logger } from '@engine/core/ports/logger';
import type { ReplayReport } from '@engine/core/app/replay-report';
import { replayCommand } from './commands/replay.ts';
import { REPLAY_USAGE } from './commands/replay-args.ts';
import { liveCommand } from './commands/live.ts';
import { LIVE_USAGE } from './commands/live-args.ts';

/** Structured logs to stderr as JSON lines, so stdout keeps the human summary. */
const stderrLogger: Logger = {
  log: (level, message, context) =>
    process.stderr.write(JSON.stringify({ level, message, ...context }) + '\n'),
};

function printSummary(report: ReplayReport, outDir: string): void {
  const rows = Object.entries(report.symbols).map(([symbol, s]) => ({
    symbol,
    ticks: s.ticks,
    '1m': s.candles['1m'],
    '5m': s.candles['5m'],
    '15m': s.candles['15m'],
    last: s.last.last_price,
    cvd_15m: typeof s.last.cvd_15m === 'number' ? Number(s.last.cvd_15m.toFixed(4)) : null,
    poc: s.last.poc,
  }));
  console.log(
    `\nreplayed ${report.ticks_processed.toLocaleString('en-US')} ticks in ${report.elapsed_ms} ms (${report.ticks_per_second.toLocaleString('en-US')} ticks/s)`,
  );
  console.table(rows);
  const rejected = Object.entries(report.rejected);
  console.log(
    rejected.length ? `rejected: ${rejected.map(([k, v]) => `${k}=${v}`).join(', ')}` : 'rejected: none',
  );
  if (report.funnel && report.metrics) {
    const f = report.funnel;
    console.log(
      `funnel: ${f.evaluations} evaluations → regime ${f.level1_passed} → zone ${f.level2_passed} → cascade ${f.level3_passed} → bounce ${f.level4_passed} → primary ${f.primary_passed} → signals ${f.signals}`,
    );
    const m = report.metrics;
    console.log(
      `paper trades: ${m.trades}, win rate ${m.win_rate ?? '-'}, net P&L ${m.net_pnl.toFixed(2)}, fees ${m.fees.toFixed(2)}, max drawdown ${m.max_drawdown_pct.toFixed(3)}%, Sharpe ${m.sharpe?.toFixed(2) ?? '-'}`,
    );
  }
  console.log(`events logged: ${report.events.logged} (sha256 ${report.events.sha256.slice(0, 16)}…)`);
  console.log(
    `wrote ${outDir}/report.json, candles_1m.csv, trades.csv, equity.csv, events.jsonl${report.store ? ', duckdb/' : ''}`,
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'replay') {
    const report = await replayCommand(rest, stderrLogger);
    const outIndex = rest.indexOf('--out');
    printSummary(report, outIndex >= 0 ? (rest[outIndex + 1] ?? 'out/replay') : 'out/replay');
    return 0;
  }
  if (command === 'live') return liveCommand(rest, stderrLogger);
  console.error(
    `usage: engine <command>\n\ncommands:\n  replay    replay recorded market data\n  live      the engine on live market data (paper trading unless --live)\n\n${REPLAY_USAGE}\n\n${LIVE_USAGE}`,
  );
  return command === undefined || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
