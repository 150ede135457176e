import type { BinanceMarketVenue } from '../../adapters/binance/feed/index.ts';
import type { LiveEngineOptions } from './live-options.ts';

export interface BinanceOrderAccess {
  readonly venue: BinanceMarketVenue;
  readonly apiKey: string;
  readonly secret: string;
  readonly sandbox: boolean;
  readonly symbols: readonly string[];
}

/**
 * The LiveEngine's venue factory for real Binance orders, shared by the `live` command and the runner.
 * ccxt is imported only here and only when called (about 0.4 s and 100 MB), so paper runs never load it.
 */
export async function binanceVenueFactory(
  access: BinanceOrderAccess,
): Promise<NonNullable<LiveEngineOptions['venuePort']>> {
  const { createBinanceVenue } = await import('../../adapters/binance/execution/index.ts');
  return (deps) =>
    createBinanceVenue({
      venue: access.venue,
      live: true,
      sandbox: access.sandbox,
      apiKey: access.apiKey,
      secret: access.secret,
      clock: deps.clock,
      ids: deps.ids,
      logger: deps.logger,
      publish: deps.publish,
      symbols: access.symbols,
      referencePrice: deps.lastPrice,
    });
}
