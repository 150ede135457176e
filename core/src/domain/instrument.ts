/** Market types the engine knows; forex and cfd instruments are quote-driven (no aggressor side). */
export type MarketType = 'spot' | 'usdm' | 'coinm' | 'perp' | 'forex' | 'cfd';

const MARKET_TYPES: readonly MarketType[] = ['spot', 'usdm', 'coinm', 'perp', 'forex', 'cfd'];

/** An instrument is venue + market type + native symbol (decisions.md #1), e.g. `binance-spot:BTCUSDT`. */
export interface Instrument {
  readonly id: string;
  readonly venue: string;
  readonly marketType: MarketType;
  readonly symbol: string;
}

export function isMarketType(value: string): value is MarketType {
  return (MARKET_TYPES as readonly string[]).includes(value);
}

export function makeInstrument(venue: string, marketType: MarketType, symbol: string): Instrument {
  const cleanSymbol = symbol.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return { id: `${venue}-${marketType}:${cleanSymbol}`, venue, marketType, symbol: cleanSymbol };
}

/**
 * Reads a venue key as used in data file names: `binance-spot`, `binance-usdm`, `kraken-spot`, or a bare
 * vendor such as `dukascopy` (then `fallbackMarket` applies, e.g. forex for quote files).
 */
export function instrumentFromVenueKey(
  venueKey: string,
  symbol: string,
  fallbackMarket: MarketType,
): Instrument {
  const dash = venueKey.lastIndexOf('-');
  if (dash > 0) {
    const market = venueKey.slice(dash + 1);
    if (isMarketType(market)) return makeInstrument(venueKey.slice(0, dash), market, symbol);
  }
  return makeInstrument(venueKey, fallbackMarket, symbol);
}
