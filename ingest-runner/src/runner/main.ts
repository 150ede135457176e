import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InMemoryLeaseStore } from '@engine/core/adapters/embedded/in-memory-lease-store';
import { FirestoreLeaseStore } from '@engine/core/adapters/firestore/firestore-lease-store';
import { openFirestore } from '@engine/core/adapters/firestore/firestore-client';
import { realScheduler } from '@engine/core/app/sharding/scheduler';
import { parseEngineConfig, type EngineConfig } from '@engine/core/config/engine-config';
import type { Logger } from '@engine/core/ports/logger';
import { parseRunnerConfig, type RunnerConfig } from './config.ts';
import type { EngineHandle } from './engine-handle.ts';
import { LiveFeedEngineHandle } from './live-feed-engine.ts';
import { PaperReplayEngineHandle } from './paper-replay-engine.ts';
import { Runner, type ShardAuditEntry } from './runner.ts';
import { TickCounterEngineHandle } from './tick-counter-engine.ts';
import { buildRunnerWiring, type RunnerWiring } from './wiring.ts';

/** Cloud Run structured logging: one JSON object per line on stdout, `severity` understood by Logging. */
const logger: Logger = {
  log: (level, message, context) =>
    process.stdout.write(JSON.stringify({ severity: level.toUpperCase(), message, ...context }) + '\n'),
};

const wallClock = { now: () => Date.now() };

interface EngineBuild {
  readonly config: RunnerConfig;
  readonly engineConfig: EngineConfig;
  readonly wiring: RunnerWiring;
  readonly runId: string;
}

function buildEngine(
  { config, engineConfig, wiring, runId }: EngineBuild,
  audit: ((e: ShardAuditEntry) => void) | undefined,
): EngineHandle | PaperReplayEngineHandle | LiveFeedEngineHandle {
  const onTick = audit ? (symbol: string, t: number) => appendTick(config, symbol, t) : undefined;
  if (config.source === 'synthetic') {
    return new TickCounterEngineHandle(config.venue, config.syntheticTickMs, wallClock.now, onTick);
  }
  if (config.source === 'feed') {
    return new LiveFeedEngineHandle({ config, engineConfig, wiring, wallClock, logger });
  }
  return new PaperReplayEngineHandle({
    venue: config.venue,
    tapeDir: config.tapeDir,
    // Per instance: two local runners must not open the same DuckDB files.
    dataDir: join(config.dataDir, config.instanceId),
    ticksPerSecond: config.replayTicksPerSecond,
    config: engineConfig,
    logger,
    onTick,
    attach: wiring.attach,
    idNamespace: `${config.instanceId}-${runId}`,
  });
}

/** CONFIG_FILE (engine config JSON) over the defaults; an unreadable or invalid file is a value. */
function loadEngineConfig(
  path: string | undefined,
): { ok: true; config: EngineConfig } | { ok: false; message: string } {
  try {
    const raw: unknown = path === undefined ? {} : JSON.parse(readFileSync(path, 'utf8'));
    return { ok: true, config: parseEngineConfig(raw) };
  } catch (error) {
    return {
      ok: false,
      message: `${path ?? 'defaults'}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function appendTick(config: RunnerConfig, symbol: string, t: number): void {
  if (config.shardAuditFile === undefined) return;
  appendFileSync(
    config.shardAuditFile,
    JSON.stringify({ instance: config.instanceId, symbol, event: 'tick', t }) + '\n',
  );
}

async function main(): Promise<number> {
  const parsed = parseRunnerConfig(process.env);
  if (!parsed.ok) {
    logger.log('error', 'invalid runner configuration', {
      reasonCode: parsed.reasonCode,
      detail: parsed.message,
    });
    return 2;
  }
  const { config } = parsed;
  if (config.mode === 'live' && (config.source !== 'feed' || config.binance.apiKey === undefined)) {
    logger.log('error', 'MODE=live needs SOURCE=feed and BINANCE_API_KEY / BINANCE_API_SECRET; refusing');
    return 2;
  }
  const engineConfig = loadEngineConfig(config.configFile);
  if (!engineConfig.ok) {
    logger.log('error', 'invalid engine configuration', {
      reasonCode: 'invalid_config',
      detail: engineConfig.message,
    });
    return 2;
  }
  const firestore =
    config.state === 'firestore' ? openFirestore({ projectId: config.firestoreProject ?? '' }) : undefined;
  const runId = wallClock.now().toString(36);
  let wiring: RunnerWiring;
  try {
    wiring = await buildRunnerWiring({
      config,
      clock: wallClock,
      logger,
      firestore,
      runId,
      trades: config.source !== 'synthetic',
    });
  } catch (error) {
    logger.log('error', 'runner failed to open its state store or event transport', {
      error: error instanceof Error ? error.message : String(error),
    });
    await firestore?.close();
    return 1;
  }
  const leases = firestore ? new FirestoreLeaseStore(firestore.db) : new InMemoryLeaseStore();
  const { shardAuditFile } = config;
  const audit = shardAuditFile
    ? (entry: ShardAuditEntry) => appendFileSync(shardAuditFile, JSON.stringify(entry) + '\n')
    : undefined;
  const engine = buildEngine({ config, engineConfig: engineConfig.config, wiring, runId }, audit);
  const runner = new Runner({
    config,
    engine,
    leases,
    clock: wallClock,
    scheduler: realScheduler,
    logger,
    audit,
    ...(engine instanceof PaperReplayEngineHandle
      ? { reconcile: () => wiring.reconcile(engine.reconcileVenue()) }
      : engine instanceof LiveFeedEngineHandle
        ? { reconcile: () => engine.reconcile() }
        : {}),
    flushHooks: [() => wiring.flush()],
    onEvent: wiring.onRunnerEvent,
  });
  const closeAll = async (): Promise<void> => {
    await wiring
      .close()
      .catch((error: unknown) =>
        logger.log('error', 'closing the state store or event transport failed', { error: String(error) }),
      );
    await firestore?.close();
  };
  const stopped = new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (++signals > 1) {
        logger.log('warn', 'second signal: forcing exit', { signal });
        process.exit(1);
      }
      logger.log('info', 'draining', { signal, graceMs: config.shutdownGraceMs });
      setTimeout(() => {
        logger.log('error', 'drain exceeded the grace period: forcing exit', {
          graceMs: config.shutdownGraceMs,
        });
        process.exit(1);
      }, config.shutdownGraceMs).unref();
      void runner.drain(signal).then(() => resolve(0));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  try {
    const port = await runner.start();
    logger.log('info', 'runner ready', {
      port,
      instanceId: config.instanceId,
      owns: runner.coordinator.owned(),
    });
  } catch (error) {
    logger.log('error', 'runner failed to start', {
      error: error instanceof Error ? error.message : String(error),
    });
    await runner.drain('start_failed');
    await closeAll();
    return 1;
  }
  const code = await stopped;
  await closeAll();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    logger.log('error', 'runner crashed', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  },
);
