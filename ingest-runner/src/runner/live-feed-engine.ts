import { join } from 'node:path';
import { DEFAULT_RETENTION, DuckDbMarketStore } from '@engine/core/adapters/duckdb/index';
import { binanceVenueFactory, LiveEngine, type LiveEngineOptions } from '@engine/core/app/live/index';
import type { EngineConfig } from '@engine/core/config/engine-config';
import type { Clock } from '@engine/core/ports/clock';
import type { Logger } from '@engine/core/ports/logger';
import type { RunnerConfig } from './config.ts';
import type { EngineHandle, EngineStats } from './engine-handle.ts';
import type { ReconcileOutcome } from './runner.ts';
import type { RunnerWiring } from './wiring.ts';

const FEED_VENUES = ['binance-spot', 'binance-usdm'] as const;
type FeedVenue = (typeof FEED_VENUES)[number];

function isFeedVenue(venue: string): venue is FeedVenue {
  return (FEED_VENUES as readonly string[]).includes(venue);
}

/**
 * SOURCE=feed: the LiveEngine on Binance's WebSocket feed, paper trading unless MODE=live with
 * LIVE_TRADING=true (then real orders through the ccxt venue with the Binance secrets). The engine starts
 * with no symbols: the shard coordinator adds each symbol only once its lease is held, and removes it
 * synchronously when the lease is lost, so no symbol is ever processed without a lease.
 */
export class LiveFeedEngineHandle implements EngineHandle {
  private store: DuckDbMarketStore | undefined;
  private engine: LiveEngine | undefined;

  constructor(
    private readonly deps: {
      readonly config: RunnerConfig;
      readonly engineConfig: EngineConfig;
      readonly wiring: RunnerWiring;
      readonly wallClock: Clock;
      readonly logger: Logger;
    },
  ) {}

  async start(_symbols: readonly string[]): Promise<void> {
    const { config, engineConfig, wiring, wallClock, logger } = this.deps;
    if (!isFeedVenue(config.venue)) throw new Error(`SOURCE=feed supports ${FEED_VENUES.join(', ')}`);
    this.store = await DuckDbMarketStore.open({
      rootDir: join(config.dataDir, config.instanceId),
      retention: DEFAULT_RETENTION,
    });
    const options: LiveEngineOptions = {
      config: engineConfig,
      venue: config.venue,
      logger,
      wallClock,
      feed: { baseWsUrl: config.feed.wsUrl, baseRestUrl: config.feed.restUrl },
      store: this.store,
      records: this.store,
      stateStore: wiring.store,
      transport: wiring.transport,
      venuePort: config.liveTrading ? await liveVenueFactory(config, config.venue) : undefined,
    };
    this.engine = new LiveEngine(options);
    await this.engine.start([]);
  }

  /** For the runner's readiness: ready only once the engine reconciled and restored its positions. */
  async reconcile(): Promise<ReconcileOutcome> {
    return this.engine?.ready()
      ? { ok: true }
      : {
          ok: false,
          reasonCode: 'not_reconciled',
          message: 'the venue could not be reconciled with the state store',
        };
  }

  addSymbol(symbol: string): Promise<void> {
    return this.running().addSymbol(symbol);
  }

  removeSymbol(symbol: string): void {
    this.running().removeSymbol(symbol);
  }

  async flush(): Promise<void> {
    await this.engine?.flush();
  }

  async stop(): Promise<void> {
    await this.engine?.stop();
    await this.store?.close();
  }

  stats(): EngineStats {
    return (
      this.engine?.stats() ?? {
        venue: this.deps.config.venue,
        symbols: [],
        ticks: 0,
        decisions: 0,
        orders: 0,
        openPositions: 0,
        reconnects: 0,
        errors: {},
        feedLagMs: null,
      }
    );
  }

  private running(): LiveEngine {
    if (this.engine === undefined) throw new Error('live feed engine not started');
    return this.engine;
  }
}

/** Real orders, with the credentials the runner config holds (ccxt is loaded only then). */
function liveVenueFactory(config: RunnerConfig, venue: FeedVenue): ReturnType<typeof binanceVenueFactory> {
  const { apiKey, apiSecret, sandbox } = config.binance;
  if (apiKey === undefined || apiSecret === undefined)
    throw new Error('MODE=live needs BINANCE_API_KEY and BINANCE_API_SECRET');
  return binanceVenueFactory({ venue, apiKey, secret: apiSecret, sandbox, symbols: config.symbols });
}
