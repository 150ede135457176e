import { tempDir } from '../support/run-cli.ts';

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStateStore } from '../../core/src/adapters/embedded/embedded-state-store.ts';
import { InProcessEventTransport } from '../../core/src/adapters/embedded/in-process-transport.ts';
import type { EngineEvent } from '../../core/src/events/events.ts';
import { MemoryLogger } from '../../core/src/ports/logger.ts';
import type { StoredPosition } from '../../core/src/ports/state-store.ts';
import { parseRunnerConfig, type RunnerConfig } from '../../ingest-runner/src/runner/config.ts';
import type { ReconcileVenue } from '../../ingest-runner/src/runner/paper-replay-engine.ts';
import {
  buildRunnerWiring,
  venueKeyOfVenue,
  type RunnerWiring,
} from '../../ingest-runner/src/runner/wiring.ts';

const clock = { now: () => 1_700_000_000_000 };
const emptyVenue: ReconcileVenue = {
  positions: () => Promise.resolve([]),
  openOrders: () => Promise.resolve([]),
  cancel: () => false,
};

function config(env: Record<string, string>): RunnerConfig {
  const parsed = parseRunnerConfig({ SYMBOLS: 'BTCUSDT', INSTANCE_ID: 'wiring-test', ...env });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

const storedPosition: StoredPosition = {
  exchange: 'binance',
  marketType: 'spot',
  positionId: 'old-run-pos-1',
  instrumentId: 'binance-spot:BTCUSDT',
  symbol: 'BTCUSDT',
  direction: 'long',
  quantity: 0.5,
  entryPrice: 60_000,
  entryTime: 1_699_999_000_000,
  initialStop: 59_700,
  stopPrice: 59_800,
  entryFees: 3,
  signalId: 'sig-1',
  unrealizedPnl: 0,
  updatedAt: 1_699_999_000_000,
};

describe('runner wiring', () => {
  const opened: RunnerWiring[] = [];
  afterEach(async () => {
    for (const wiring of opened.splice(0)) await wiring.close();
  });

  async function embedded(dataDir: string): Promise<RunnerWiring> {
    const wiring = await buildRunnerWiring({
      config: config({ DATA_DIR: dataDir }),
      clock,
      logger: new MemoryLogger(),
      firestore: undefined,
      runId: 'r1',
      trades: true,
    });
    opened.push(wiring);
    return wiring;
  }

  it('derives the state-store venue key from the runner venue', () => {
    expect(venueKeyOfVenue('binance-spot')).toEqual({ exchange: 'binance', marketType: 'spot' });
    expect(venueKeyOfVenue('dukascopy-cfd')).toEqual({ exchange: 'dukascopy', marketType: 'cfd' });
    expect(() => venueKeyOfVenue('binance')).toThrow(/exchange-market/);
  });

  it('reads CONFIG_FILE, STATE_FILE and the emulator host, and refuses Pub/Sub without a project', () => {
    const parsed = config({
      CONFIG_FILE: 'config/exploratory.json',
      DATA_DIR: '/tmp/d',
      PUBSUB_EMULATOR_HOST: '127.0.0.1:8085',
    });
    expect(parsed).toMatchObject({
      configFile: 'config/exploratory.json',
      stateFile: '/tmp/d/state.duckdb',
      pubsubEmulatorHost: '127.0.0.1:8085',
    });
    expect(config({ STATE_FILE: '/tmp/s.duckdb' }).stateFile).toBe('/tmp/s.duckdb');
    const refused = parseRunnerConfig({ SYMBOLS: 'BTCUSDT', TRANSPORT: 'pubsub' });
    expect(refused).toMatchObject({ ok: false, reasonCode: 'invalid_config' });
    expect(refused.ok ? '' : refused.message).toMatch(/TRANSPORT=pubsub needs a project id/);
  });

  it('opens the embedded state file and the in-process transport by default, and no store for a non-trading engine', async () => {
    const dataDir = tempDir('wiring');
    const wiring = await embedded(dataDir);
    expect(wiring.store).toBeInstanceOf(EmbeddedStateStore);
    expect(wiring.transport).toBeInstanceOf(InProcessEventTransport);
    const synthetic = await buildRunnerWiring({
      config: config({ DATA_DIR: dataDir, SOURCE: 'synthetic' }),
      clock,
      logger: new MemoryLogger(),
      firestore: undefined,
      runId: 'r2',
      trades: false,
    });
    opened.push(synthetic);
    expect(synthetic.store).toBeUndefined();
    expect(await synthetic.reconcile(emptyVenue)).toEqual({ ok: true });
  });

  it('reconciles a paper restart: a stored position the fresh paper venue lacks becomes a recorded trade and an alert', async () => {
    const dataDir = tempDir('wiring');
    const before = await EmbeddedStateStore.openFile(join(dataDir, 'state.duckdb'));
    await before.upsertPosition(storedPosition);
    await before.close();

    const wiring = await embedded(dataDir);
    const seen: EngineEvent[] = [];
    const collect = ({ event }: { event: EngineEvent }) => {
      seen.push(event);
      return Promise.resolve('ack' as const);
    };
    await wiring.transport.subscribe('alerts', 'engine-alerts', collect);
    await wiring.transport.subscribe('system', 'engine-system', collect);

    expect(await wiring.reconcile(emptyVenue)).toEqual({ ok: true });
    await wiring.flush();
    const store = wiring.store;
    if (store === undefined) throw new Error('no store');
    expect(await store.listPositions()).toEqual([]);
    const trades = await store.listTrades({ since: 0, until: Number.MAX_SAFE_INTEGER });
    expect(trades).toEqual([
      expect.objectContaining({ positionId: 'old-run-pos-1', reason: 'reconciled_closed', pnl: -3 }),
    ]);
    expect(seen.map((e) => e.type)).toEqual(
      expect.arrayContaining(['ReconciliationDiscrepancyFound', 'ReconciliationCompleted']),
    );
    const completed = seen.find((e) => e.type === 'ReconciliationCompleted');
    expect(completed?.payload).toMatchObject({ status: 'resolved', discrepancies: 1, venue: 'binance:spot' });
    // The runner's own events go out through the same transport.
    const lifecycle = seen.length;
    wiring.onRunnerEvent({ ...(completed as EngineEvent), id: 'runner-evt-1' });
    await wiring.flush();
    await wiring.transport.flush();
    expect(seen).toHaveLength(lifecycle + 1);
  });

  it('reports a venue it cannot read as a failed reconciliation, so the runner stays unready', async () => {
    const wiring = await embedded(tempDir('wiring'));
    const outcome = await wiring.reconcile({
      ...emptyVenue,
      positions: () => Promise.reject(new Error('venue unreachable')),
    });
    expect(outcome).toMatchObject({ ok: false, reasonCode: 'reconciliation_failed' });
    expect(outcome.ok ? '' : outcome.message).toMatch(/venue unreachable/);
  });
});
