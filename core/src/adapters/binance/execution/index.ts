export {
  createBinanceVenue,
  type BinanceVenue,
  type BinanceVenueConfig,
  type FuturesSymbolSettings,
} from './binance-venue.ts';
export { BinanceLiveVenue, type BinanceLiveVenueOptions } from './binance-live-venue.ts';
export {
  createBinanceClient,
  privateRestUrl,
  LiveTradingGuardError,
  type BinanceClientOptions,
  type BinanceExchange,
  type BinanceExecutionVenue,
} from './binance-client.ts';
export { classifyFailure, VenueQueryFailed, type FailureClass, type VenueFailure } from './binance-errors.ts';
export {
  roundOrder,
  rulesFromMarket,
  floorToStep,
  ceilToStep,
  type MarketRules,
  type RoundedOrder,
} from './market-rules.ts';
export { parseUserDataMessage, type OrderUpdate } from './user-data-parser.ts';
export { VenueCircuit, VenueCallError } from './venue-circuit.ts';
