import { z } from 'zod';

/**
 * Request schemas of the watchlist API (design 5.3). Field names follow the design's JSON
 * (`market_type`, `duration_hours`); `futures` is accepted as the design's name for USDⓈ-M futures.
 */
export const EXCHANGES = ['binance', 'bybit', 'okx', 'kraken', 'coinbase'] as const;
export const WATCH_MARKET_TYPES = ['spot', 'usdm'] as const;
export type WatchMarketType = (typeof WATCH_MARKET_TYPES)[number];

export const MIN_DURATION_HOURS = 1;
export const MAX_DURATION_HOURS = 168;
export const DEFAULT_DURATION_HOURS = 24;
export const DEFAULT_PRIORITY = 3;
export const TOP_LIQUID_SIZE = 15;

const symbol = z.string().regex(/^[A-Z0-9]{2,20}$/, 'symbol must be 2-20 uppercase letters or digits');
const exchange = z.enum(EXCHANGES);
const marketType = z
  .enum(['spot', 'usdm', 'futures'])
  .transform((value): WatchMarketType => (value === 'futures' ? 'usdm' : value));
const durationHours = z.number().int().min(MIN_DURATION_HOURS).max(MAX_DURATION_HOURS);

const venue = { exchange, market_type: marketType };

export const addRequestSchema = z.strictObject({
  ...venue,
  symbol,
  duration_hours: durationHours.default(DEFAULT_DURATION_HOURS),
  priority: z.number().int().min(1).max(5).default(DEFAULT_PRIORITY),
});
export const removeRequestSchema = z.strictObject({ ...venue, symbol });
export const renewRequestSchema = z.strictObject({
  ...venue,
  symbol,
  duration_hours: durationHours.default(DEFAULT_DURATION_HOURS),
});
export const listRequestSchema = z.strictObject(venue);

export type AddRequest = z.infer<typeof addRequestSchema>;
export type RemoveRequest = z.infer<typeof removeRequestSchema>;
export type RenewRequest = z.infer<typeof renewRequestSchema>;
export type ListRequest = z.infer<typeof listRequestSchema>;
