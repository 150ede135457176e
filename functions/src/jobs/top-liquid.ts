import type { Clock } from '@engine/core/ports/clock';
import type { Logger } from '@engine/core/ports/logger';
import type { StateStore, VenueKey, WatchlistEntry } from '@engine/core/ports/state-store';
import { z } from 'zod';
import { TOP_LIQUID_SIZE } from '../watchlist/schemas.ts';

/**
 * Daily top-liquid refresh (design 2.2.7): the 15 USDT-quoted pairs with the most 24 h quote volume
 * replace the venue's previous top-liquid entries. Stablecoin-vs-stablecoin pairs (USDCUSDT...) are
 * excluded: they are liquid but carry no tradable order flow.
 */
export const STABLECOINS: ReadonlySet<string> = new Set([
  'USDC',
  'FDUSD',
  'TUSD',
  'BUSD',
  'DAI',
  'USDP',
  'PYUSD',
  'USDE',
  'USD1',
  'RLUSD',
  'XUSD',
  'USDS',
  'EURI',
  'AEUR',
  'EUR',
  'UST',
  'USTC',
  'GUSD',
  'SUSD',
  'FRAX',
  'LUSD',
  'BFUSD',
  'USDT',
]);

/** Binance answers strings for every decimal; only the fields used here are checked. */
const tickerSchema = z.array(
  z.looseObject({ symbol: z.string(), quoteVolume: z.string(), count: z.number().optional() }),
);

export interface TickerVolume {
  readonly symbol: string;
  readonly quoteVolume: number;
}

/** Paths of the 24 h ticker per market type (same JSON shape on spot and USDⓈ-M). */
export const TICKER_PATHS: Readonly<Record<string, string>> = {
  spot: '/api/v3/ticker/24hr',
  usdm: '/fapi/v1/ticker/24hr',
};

export function selectTopLiquid(tickers: readonly TickerVolume[], size = TOP_LIQUID_SIZE): TickerVolume[] {
  return tickers
    .filter((ticker) => ticker.symbol.endsWith('USDT') && ticker.symbol.length > 4)
    .filter((ticker) => !STABLECOINS.has(ticker.symbol.slice(0, -4)))
    .filter((ticker) => Number.isFinite(ticker.quoteVolume) && ticker.quoteVolume > 0)
    .sort((a, b) => b.quoteVolume - a.quoteVolume || a.symbol.localeCompare(b.symbol))
    .slice(0, size);
}

export async function fetchTickerVolumes(
  baseUrl: string,
  marketType: string,
  fetchImpl: typeof fetch = fetch,
): Promise<TickerVolume[]> {
  const path = TICKER_PATHS[marketType];
  if (path === undefined) throw new Error(`no 24h ticker path for market type ${marketType}`);
  const response = await fetchImpl(new URL(path, baseUrl), { signal: AbortSignal.timeout(20_000) });
  if (!response.ok) throw new Error(`ticker request failed with HTTP ${response.status}`);
  const tickers = tickerSchema.parse(await response.json());
  return tickers.map((ticker) => ({ symbol: ticker.symbol, quoteVolume: Number(ticker.quoteVolume) }));
}

export interface TopLiquidDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Base URL per market type, e.g. `{spot: 'https://api.binance.com'}`. */
  readonly binanceBaseUrls: Readonly<Record<string, string>>;
}

export async function updateTopLiquid(deps: TopLiquidDeps, marketType: string): Promise<readonly string[]> {
  const baseUrl = deps.binanceBaseUrls[marketType];
  if (baseUrl === undefined) throw new Error(`no Binance base URL for ${marketType}`);
  const venue: VenueKey = { exchange: 'binance', marketType };
  const top = selectTopLiquid(await fetchTickerVolumes(baseUrl, marketType));
  if (top.length === 0) throw new Error('ticker answered no eligible USDT pair; keeping the previous list');
  const now = deps.clock.now();
  const entries: WatchlistEntry[] = top.map((ticker, index) => ({
    ...venue,
    symbol: ticker.symbol,
    kind: 'top_liquid',
    addedAt: now,
    expiresAt: null,
    addedBy: 'system:top-liquid-updater',
    priority: 1,
    enabled: true,
    rank: index + 1,
  }));
  await deps.store.replaceTopLiquid(venue, entries);
  deps.logger.log('info', 'top-liquid pairs replaced', { marketType, symbols: top.map((t) => t.symbol) });
  return top.map((ticker) => ticker.symbol);
}
