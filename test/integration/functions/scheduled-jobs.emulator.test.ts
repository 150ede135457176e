import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirestoreStateStore } from '../../../core/src/adapters/firestore/firestore-state-store.ts';
import {
  openFirestore,
  type FirestoreHandle,
} from '../../../core/src/adapters/firestore/firestore-client.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import { MemoryLogger } from '../../../core/src/ports/logger.ts';
import type {
  StoredPosition,
  TradeHistoryRecord,
  WatchlistEntry,
} from '../../../core/src/ports/state-store.ts';
import type { FunctionDeps } from '../../../functions/src/deps.ts';
import { BinanceUsdmPositionSource } from '../../../functions/src/jobs/binance-positions.ts';
import { FirestoreReportIndex } from '../../../functions/src/jobs/report-index.ts';
import { LocalDirectorySink } from '../../../functions/src/jobs/report-sink.ts';
import { buildFunctions } from '../../../functions/src/triggers.ts';
import { firestoreHost, uniqueProjectId, useEmulatorEnv } from '../../support/emulator-env.ts';
import { fakeVerifier } from '../../unit/functions/support/fake-deps.ts';
import { startFakeBinance, type FakeBinance } from './support/fake-binance.ts';

const DAY = 86_400_000;
const NOV_25_0000 = Date.UTC(2026, 10, 25);
const run = { scheduleTime: new Date(NOV_25_0000).toISOString(), jobName: 'test' };

function manual(symbol: string, expiresAt: number): WatchlistEntry {
  return {
    exchange: 'binance',
    marketType: 'spot',
    symbol,
    kind: 'manual',
    addedAt: expiresAt - DAY,
    expiresAt,
    addedBy: 'admin-1',
    priority: 3,
    enabled: true,
    rank: null,
  };
}

function trade(positionId: string, symbol: string, exitTime: number, pnl: number): TradeHistoryRecord {
  return {
    exchange: 'binance',
    marketType: 'usdm',
    positionId,
    instrumentId: `binance-usdm:${symbol}`,
    symbol,
    direction: 'long',
    signalId: `sig-${positionId}`,
    entryTime: exitTime - 60_000,
    entryPrice: 100,
    exitTime,
    exitPrice: 101,
    quantity: 1,
    pnl,
    fees: 0.1,
    pnlPercent: pnl,
    reason: 'take_profit' as TradeHistoryRecord['reason'],
  };
}

describe.skipIf(firestoreHost() === null)('scheduled jobs on the Firestore emulator', () => {
  let handle: FirestoreHandle;
  let binance: FakeBinance;
  let reportsDir: string;
  let deps: FunctionDeps & { clock: ManualClock; logger: MemoryLogger };
  let fns: ReturnType<typeof buildFunctions>;

  beforeAll(async () => {
    useEmulatorEnv();
    handle = openFirestore({ projectId: uniqueProjectId('fn-jobs') });
    binance = await startFakeBinance();
    reportsDir = await mkdtemp(join(tmpdir(), 'fn-reports-'));
    const clock = new ManualClock(NOV_25_0000 + 5 * 60_000);
    deps = {
      store: new FirestoreStateStore(handle.db),
      clock,
      logger: new MemoryLogger(),
      verifier: fakeVerifier,
      binanceBaseUrls: { spot: binance.baseUrl, usdm: binance.baseUrl },
      topLiquidMarkets: ['spot', 'usdm'],
      reportSink: new LocalDirectorySink(reportsDir),
      reportIndex: new FirestoreReportIndex(handle.db),
      retentionDays: 30,
      venueBindings: () =>
        Promise.resolve([
          {
            venue: { exchange: 'binance', marketType: 'usdm' },
            source: new BinanceUsdmPositionSource(
              binance.baseUrl,
              { apiKey: 'key', apiSecret: 'secret' },
              () => clock.now(),
            ),
          },
        ]),
    };
    fns = buildFunctions(() => Promise.resolve(deps));
  });

  afterAll(async () => {
    await handle.close();
    await binance.close();
    await rm(reportsDir, { recursive: true, force: true });
  });

  it('watchlistCleaner removes expired manual entries and keeps live ones', async () => {
    await deps.store.upsertWatchlistEntry(manual('OLDUSDT', NOV_25_0000 - 1));
    await deps.store.upsertWatchlistEntry(manual('NEWUSDT', NOV_25_0000 + DAY));
    await fns.watchlistCleaner.run(run as never);
    expect(await deps.store.getWatchlistEntry('binance:spot:OLDUSDT')).toBeNull();
    expect(await deps.store.getWatchlistEntry('binance:spot:NEWUSDT')).not.toBeNull();
  });

  it('topLiquidUpdater stores the 15 most liquid USDT pairs of the fixture in rank order', async () => {
    await fns.topLiquidUpdater.run(run as never);
    const active = await deps.store.listActiveWatchlist(
      { exchange: 'binance', marketType: 'spot' },
      deps.clock.now(),
    );
    const top = active.filter((e) => e.kind === 'top_liquid').sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    expect(top.map((e) => e.symbol)).toEqual([
      'BTCUSDT',
      'ETHUSDT',
      'SOLUSDT',
      'XRPUSDT',
      'DOGEUSDT',
      'BNBUSDT',
      'ZECUSDT',
      'SUIUSDT',
      'ADAUSDT',
      'PEPEUSDT',
      'LINKUSDT',
      'TRXUSDT',
      'AVAXUSDT',
      'WIFUSDT',
      'LTCUSDT',
    ]);
    expect(top[0]).toMatchObject({ rank: 1, expiresAt: null, priority: 1 });
    expect(binance.requests).toEqual(expect.arrayContaining(['/api/v3/ticker/24hr', '/fapi/v1/ticker/24hr']));
  });

  it('topLiquidUpdater keeps the previous list and fails when the venue errors', async () => {
    binance.failWith = 429;
    await expect(fns.topLiquidUpdater.run(run as never)).rejects.toThrow(/spot, usdm/);
    binance.failWith = null;
    const kept = await deps.store.getWatchlistEntry('binance:spot:BTCUSDT');
    expect(kept).toMatchObject({ kind: 'top_liquid', rank: 1 });
  });

  it('positionReconciler records agreement, then a mismatch, in system_state', async () => {
    const position: StoredPosition = {
      exchange: 'binance',
      marketType: 'usdm',
      positionId: 'pos-1',
      instrumentId: 'binance-usdm:BTCUSDT',
      symbol: 'BTCUSDT',
      direction: 'short',
      quantity: 0.25,
      entryPrice: 87000,
      entryTime: NOV_25_0000,
      initialStop: 88000,
      stopPrice: 88000,
      entryFees: 1,
      signalId: 'sig-1',
      unrealizedPnl: 0,
      updatedAt: NOV_25_0000,
    };
    await deps.store.upsertPosition(position);
    binance.positions = [
      { symbol: 'BTCUSDT', positionAmt: '-0.250', entryPrice: '87000.0' },
      { symbol: 'ETHUSDT', positionAmt: '0.000', entryPrice: '0.0' },
    ];
    await fns.positionReconciler.run(run as never);
    const agreed = await deps.store.getSystemState('reconciliation-audit:binance:usdm');
    expect(agreed?.value).toMatchObject({ ok: true, storedPositions: 1, venuePositions: 1, mismatches: [] });

    binance.positions = [{ symbol: 'SOLUSDT', positionAmt: '3', entryPrice: '139' }];
    await fns.positionReconciler.run(run as never);
    const differs = await deps.store.getSystemState('reconciliation-audit:binance:usdm');
    expect(differs?.value).toMatchObject({ ok: false });
    expect(differs?.value['mismatches']).toEqual([
      { instrumentId: 'binance-usdm:BTCUSDT', kind: 'missing_on_venue', stored: -0.25, venue: 0 },
      { instrumentId: 'binance-usdm:SOLUSDT', kind: 'missing_locally', stored: 0, venue: 3 },
    ]);
    expect(deps.logger.entries.some((e) => e.level === 'warn')).toBe(true);
  });

  it('dailySummary writes CSV and JSON for the previous UTC day and indexes them', async () => {
    await deps.store.appendTrade(trade('t-before', 'BTCUSDT', NOV_25_0000 - DAY - 1, 99));
    await deps.store.appendTrade(trade('t1', 'BTCUSDT', NOV_25_0000 - DAY, 4));
    await deps.store.appendTrade(trade('t2', 'ETHUSDT', NOV_25_0000 - 1, -1));
    await deps.store.appendTrade(trade('t-today', 'ETHUSDT', NOV_25_0000, 50));
    await fns.dailySummary.run(run as never);
    const summary = JSON.parse(await readFile(join(reportsDir, 'reports/2026-11-24/summary.json'), 'utf8'));
    expect(summary).toMatchObject({
      date: '2026-11-24',
      trades: 2,
      wins: 1,
      winRate: 0.5,
      netPnl: 3,
      fees: 0.2,
    });
    const csv = await readFile(join(reportsDir, 'reports/2026-11-24/trades.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(3);
    const index = await handle.db.collection('reports').doc('2026-11-24').get();
    expect(index.data()).toMatchObject({ date: '2026-11-24', tradeCount: 2, netPnl: 3 });
    expect(index.data()?.['files']).toHaveLength(2);
  });

  it('reportRetention deletes reports and trades older than the retention window', async () => {
    // 30-day window from Dec 25 00:00: everything before Nov 25 00:00 goes.
    deps.clock.set(NOV_25_0000 + 30 * DAY + 3_600_000);
    await deps.reportIndex.put({ date: '2026-11-25', files: [], tradeCount: 0, netPnl: 0, createdAt: 0 });
    await fns.reportRetention.run(run as never);
    expect((await handle.db.collection('reports').doc('2026-11-24').get()).exists).toBe(false);
    expect((await handle.db.collection('reports').doc('2026-11-25').get()).exists).toBe(true);
    expect(await readdir(join(reportsDir, 'reports'))).toEqual([]);
    const left = await deps.store.listTrades({ since: 0, until: NOV_25_0000 + 40 * DAY });
    expect(left.map((t) => t.positionId)).toEqual(['t-today']);
  });
});
