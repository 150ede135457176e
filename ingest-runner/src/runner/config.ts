import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const SYMBOL = /^[A-Z0-9]{2,30}$/;

const boolFlag = z.enum(['true', 'false']).transform((v) => v === 'true');
const positiveMs = z.coerce.number().int().positive();

/**
 * The runner's whole configuration from the environment, parsed in one place at start. Every variable has
 * a safe default except SYMBOLS; live trading needs MODE=live AND an explicit LIVE_TRADING=true.
 */
const envSchema = z
  .object({
    MODE: z.enum(['paper', 'live']).default('paper'),
    SOURCE: z.enum(['replay', 'synthetic', 'feed']).default('replay'),
    VENUE: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)?$/, 'venue key like binance-spot')
      .default('binance-spot'),
    SYMBOLS: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x.length > 0),
      )
      .pipe(z.array(z.string().regex(SYMBOL, 'upper-case letters and digits')).min(1)),
    INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional(),
    K_REVISION: z.string().optional(),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    LEASE_TTL_MS: positiveMs.default(15_000),
    HEARTBEAT_MS: positiveMs.default(4_000),
    LEASE_SAFETY_MS: positiveMs.optional(),
    SHUTDOWN_GRACE_MS: positiveMs.default(8_000),
    FIRESTORE_PROJECT: z.string().min(1).optional(),
    GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
    DATA_DIR: z.string().min(1).default('data/runtime'),
    TAPE_DIR: z.string().min(1).default('data/tapes'),
    STATE: z.enum(['embedded', 'firestore']).default('embedded'),
    TRANSPORT: z.enum(['in-process', 'pubsub']).default('in-process'),
    LIVE_TRADING: boolFlag.optional(),
    REPLAY_TICKS_PER_SECOND: positiveMs.default(2_000),
    SYNTHETIC_TICK_MS: positiveMs.default(100),
    SHARD_AUDIT_FILE: z.string().min(1).optional(),
    /** Engine config JSON (e.g. config/exploratory.json), parsed with the engine's schema at start. */
    CONFIG_FILE: z.string().min(1).optional(),
    /** STATE=embedded: the one DuckDB state file (default DATA_DIR/state.duckdb). */
    STATE_FILE: z.string().min(1).optional(),
    /** Set only against the emulator: the runner then creates the topics itself (Terraform owns them in production). */
    PUBSUB_EMULATOR_HOST: z.string().min(1).optional(),
    /** SOURCE=feed: market-data endpoints (default Binance's; tests point them at a local fake). */
    FEED_WS_URL: z.string().url().optional(),
    FEED_REST_URL: z.string().url().optional(),
    /** MODE=live only; Cloud Run injects them from Secret Manager. Never logged. */
    BINANCE_API_KEY: z.string().min(1).optional(),
    BINANCE_API_SECRET: z.string().min(1).optional(),
    BINANCE_SANDBOX: boolFlag.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.MODE === 'live' && env.LIVE_TRADING !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['LIVE_TRADING'],
        message: 'MODE=live needs LIVE_TRADING=true, set explicitly',
      });
    }
    if (env.MODE === 'paper' && env.LIVE_TRADING === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['LIVE_TRADING'],
        message: 'LIVE_TRADING=true contradicts MODE=paper',
      });
    }
    if (env.STATE === 'firestore' && !env.FIRESTORE_PROJECT && !env.GOOGLE_CLOUD_PROJECT) {
      ctx.addIssue({
        code: 'custom',
        path: ['FIRESTORE_PROJECT'],
        message: 'STATE=firestore needs a project id',
      });
    }
    if (env.TRANSPORT === 'pubsub' && !env.FIRESTORE_PROJECT && !env.GOOGLE_CLOUD_PROJECT) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_CLOUD_PROJECT'],
        message: 'TRANSPORT=pubsub needs a project id',
      });
    }
  });

export interface RunnerConfig {
  readonly mode: 'paper' | 'live';
  readonly source: 'replay' | 'synthetic' | 'feed';
  readonly venue: string;
  readonly symbols: readonly string[];
  readonly instanceId: string;
  readonly port: number;
  readonly lease: { readonly ttlMs: number; readonly heartbeatMs: number; readonly safetyMarginMs: number };
  readonly shutdownGraceMs: number;
  readonly firestoreProject: string | undefined;
  readonly dataDir: string;
  readonly tapeDir: string;
  readonly state: 'embedded' | 'firestore';
  readonly transport: 'in-process' | 'pubsub';
  readonly liveTrading: boolean;
  readonly replayTicksPerSecond: number;
  readonly syntheticTickMs: number;
  readonly shardAuditFile: string | undefined;
  readonly configFile: string | undefined;
  readonly stateFile: string;
  readonly pubsubEmulatorHost: string | undefined;
  readonly feed: { readonly wsUrl: string | undefined; readonly restUrl: string | undefined };
  readonly binance: {
    readonly apiKey: string | undefined;
    readonly apiSecret: string | undefined;
    readonly sandbox: boolean;
  };
}

export type RunnerConfigResult =
  | { readonly ok: true; readonly config: RunnerConfig }
  | { readonly ok: false; readonly reasonCode: 'invalid_config'; readonly message: string };

/**
 * Parses the environment; an invalid variable is a value naming every bad field, never a throw. The default
 * instance id ends with a random suffix: on Cloud Run every instance may share the hostname and pid 1, and
 * two instances with one id would both pass each other's lease checks.
 */
export function parseRunnerConfig(
  env: Readonly<Record<string, string | undefined>>,
  host: string = hostname(),
  suffix: string = randomBytes(4).toString('hex'),
): RunnerConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`).join('; ');
    return { ok: false, reasonCode: 'invalid_config', message };
  }
  const e = parsed.data;
  const safetyMarginMs = e.LEASE_SAFETY_MS ?? Math.max(e.HEARTBEAT_MS, Math.round(e.LEASE_TTL_MS / 3));
  return {
    ok: true,
    config: {
      mode: e.MODE,
      source: e.SOURCE,
      venue: e.VENUE,
      symbols: [...new Set(e.SYMBOLS)],
      instanceId:
        e.INSTANCE_ID ?? `${e.K_REVISION ?? 'local'}-${host}-${suffix}`.replace(/[^A-Za-z0-9._-]/g, '_'),
      port: e.PORT,
      lease: { ttlMs: e.LEASE_TTL_MS, heartbeatMs: e.HEARTBEAT_MS, safetyMarginMs },
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
      firestoreProject: e.FIRESTORE_PROJECT ?? e.GOOGLE_CLOUD_PROJECT,
      dataDir: e.DATA_DIR,
      tapeDir: e.TAPE_DIR,
      state: e.STATE,
      transport: e.TRANSPORT,
      liveTrading: e.MODE === 'live' && e.LIVE_TRADING === true,
      replayTicksPerSecond: e.REPLAY_TICKS_PER_SECOND,
      syntheticTickMs: e.SYNTHETIC_TICK_MS,
      shardAuditFile: e.SHARD_AUDIT_FILE,
      configFile: e.CONFIG_FILE,
      stateFile: e.STATE_FILE ?? join(e.DATA_DIR, 'state.duckdb'),
      pubsubEmulatorHost: e.PUBSUB_EMULATOR_HOST,
      feed: { wsUrl: e.FEED_WS_URL, restUrl: e.FEED_REST_URL },
      binance: { apiKey: e.BINANCE_API_KEY, apiSecret: e.BINANCE_API_SECRET, sandbox: e.BINANCE_SANDBOX },
    },
  };
}
