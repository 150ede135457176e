import type { RiskRecordStore } from '../../ports/risk-store.ts';
import type { DumpFinding } from './dump-detector.ts';
import type { PortfolioPosition } from './types.ts';

type CorrelationTable = ReadonlyMap<string, Readonly<Record<string, number>>>;

const symbolOf = (instrumentId: string): string => instrumentId.slice(instrumentId.indexOf(':') + 1);

/** Turns risk findings into the design's snapshot rows (2.2.5 tables); does nothing without a store. */
export class RiskRecorder {
  private lastRefresh: number | undefined;

  constructor(private readonly store: RiskRecordStore | undefined) {}

  get enabled(): boolean {
    return this.store !== undefined;
  }

  health(
    ts: number,
    positions: readonly PortfolioPosition[],
    score: number,
    drawdownPercent: number | null,
    action: string,
    correlations: CorrelationTable,
  ): void {
    if (!this.store) return;
    const byPnl = [...positions].sort((a, b) => a.unrealizedPnl - b.unrealizedPnl);
    const btc = positions
      .map((p) => correlations.get(p.instrumentId)?.['BTCUSDT'])
      .filter((c): c is number => c !== undefined);
    this.store.appendHealthSnapshot({
      ts,
      totalPositions: positions.length,
      totalUnrealizedPnl: positions.reduce((s, p) => s + p.unrealizedPnl, 0),
      healthScore: score,
      btcCorrelationAvg: btc.length > 0 ? btc.reduce((s, c) => s + c, 0) / btc.length : null,
      dailyDrawdownPct: drawdownPercent,
      actionTaken: action,
      worstPosition: byPnl[0] ? symbolOf(byPnl[0].instrumentId) : null,
      bestPosition: byPnl.at(-1) ? symbolOf(byPnl.at(-1)!.instrumentId) : null,
    });
  }

  /** One row per open position and leader at each 5-minute refresh of the correlation matrix. */
  correlations(
    refreshedAt: number | undefined,
    table: CorrelationTable,
    positions: readonly PortfolioPosition[],
  ): void {
    if (!this.store || refreshedAt === undefined || refreshedAt === this.lastRefresh) return;
    this.lastRefresh = refreshedAt;
    for (const p of positions) {
      for (const [leader, correlation] of Object.entries(table.get(p.instrumentId) ?? {})) {
        this.store.appendCorrelation({
          ts: refreshedAt,
          positionSymbol: symbolOf(p.instrumentId),
          leaderSymbol: leader,
          correlation,
          rollingWindow: '24h',
        });
      }
    }
  }

  dump(finding: DumpFinding): void {
    this.store?.appendDumpDetection({
      ts: finding.ts,
      symbol: symbolOf(finding.instrumentId),
      dumpType: finding.trigger,
      severity: 'critical',
      priceAtDetection: finding.price,
      actionTaken: 'exit_immediate',
    });
  }
}
