import { z } from 'zod';
import type { ExitReason } from '../../domain/trading.ts';
import type {
  EncryptedSecret,
  ForexAccountRecord,
  MarketConfigRecord,
  StoredOrder,
  StoredPosition,
  StrategyConfigRecord,
  SystemStateRecord,
  TradeHistoryRecord,
  WatchlistEntry,
} from '../../ports/state-store.ts';

/**
 * Documents read back from Firestore are a boundary: an admin console, a rules bug or an older release may
 * have written them. These schemas check shape and types (unknown fields are dropped); a document that
 * fails is reported with its path and throws, since the store cannot hand a half-record to the engines.
 */
const venue = { exchange: z.string(), marketType: z.string() };
const direction = z.enum(['long', 'short']);

const position = z.object({
  ...venue,
  positionId: z.string(),
  instrumentId: z.string(),
  symbol: z.string(),
  direction,
  quantity: z.number(),
  entryPrice: z.number(),
  entryTime: z.number(),
  initialStop: z.number(),
  stopPrice: z.number(),
  entryFees: z.number(),
  signalId: z.string(),
  unrealizedPnl: z.number(),
  updatedAt: z.number(),
});

const order = z.object({
  ...venue,
  orderId: z.string(),
  clientOrderId: z.string(),
  instrumentId: z.string(),
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit']),
  quantity: z.number(),
  limitPrice: z.number().optional(),
  timeInForce: z.enum(['gtc', 'ioc', 'post_only']),
  reduceOnly: z.boolean(),
  status: z.enum(['pending', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected']),
  filledQuantity: z.number(),
  createdAt: z.number(),
  purpose: z.string(),
  updatedAt: z.number(),
});

const trade = z.object({
  ...venue,
  positionId: z.string(),
  instrumentId: z.string(),
  symbol: z.string(),
  direction,
  signalId: z.string(),
  entryTime: z.number(),
  entryPrice: z.number(),
  exitTime: z.number(),
  exitPrice: z.number(),
  quantity: z.number(),
  pnl: z.number(),
  fees: z.number(),
  pnlPercent: z.number(),
  // The reason list grows with the risk rules; an unknown reason in history is still a valid record.
  reason: z.string().transform((reason) => reason as ExitReason),
});

const watchlist = z.object({
  ...venue,
  symbol: z.string(),
  kind: z.enum(['manual', 'top_liquid']),
  addedAt: z.number(),
  expiresAt: z.number().nullable(),
  addedBy: z.string(),
  priority: z.number(),
  enabled: z.boolean(),
  rank: z.number().nullable(),
});

const marketConfig = z.object({
  ...venue,
  feeMaker: z.number(),
  feeTaker: z.number(),
  maxLeverage: z.number(),
  updatedAt: z.number(),
});

const strategyConfig = z.object({
  ...venue,
  strategyId: z.string(),
  enabled: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  updatedAt: z.number(),
});

export const encryptedSecretSchema = z.object({
  keyId: z.string(),
  wrappedKey: z.string(),
  iv: z.string(),
  authTag: z.string(),
  ciphertext: z.string(),
});

/** The public part of `forex_accounts/{id}`: everything but the credentials. */
const forexAccountPublic = z.object({
  accountId: z.string(),
  ownerUid: z.string(),
  platform: z.string(),
  brokerName: z.string(),
  brokerType: z.enum(['broker', 'prop_firm']),
  server: z.string(),
  accountNumber: z.string(),
  rules: z.record(z.string(), z.union([z.number(), z.boolean()])),
  status: z.string(),
  enabled: z.boolean(),
  updatedAt: z.number(),
});

const systemState = z.object({
  key: z.string(),
  value: z.record(z.string(), z.unknown()),
  updatedAt: z.number(),
});

function parser<T>(schema: z.ZodType<T>): (data: unknown, path: string) => T {
  return (data, path) => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new TypeError(`malformed document ${path}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };
}

export const parsePosition = parser<StoredPosition>(position);
export const parseOrder = (data: unknown, path: string): StoredOrder => {
  const parsed = parser(order)(data, path);
  return { ...parsed, limitPrice: parsed.limitPrice };
};
export const parseTrade = parser<TradeHistoryRecord>(trade);
export const parseWatchlistEntry = parser<WatchlistEntry>(watchlist);
export const parseMarketConfig = parser<MarketConfigRecord>(marketConfig);
export const parseStrategyConfig = parser<StrategyConfigRecord>(strategyConfig);
export const parseForexAccountPublic = parser<Omit<ForexAccountRecord, 'credentials'>>(forexAccountPublic);
export const parseEncryptedSecret = parser<EncryptedSecret>(encryptedSecretSchema);
export const parseSystemState = parser<SystemStateRecord>(systemState);
