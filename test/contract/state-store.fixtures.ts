import type {
  EncryptedSecret,
  ForexAccountRecord,
  StoredOrder,
  StoredPosition,
  StrategyConfigRecord,
  TradeHistoryRecord,
  WatchlistEntry,
} from '../../core/src/ports/state-store.ts';

/** Record builders for the StateStore contract; each takes overrides so a test states only what matters. */
export function position(overrides: Partial<StoredPosition> = {}): StoredPosition {
  return {
    exchange: 'binance',
    marketType: 'spot',
    positionId: 'pos-1',
    instrumentId: 'binance:spot:BTCUSDT',
    symbol: 'BTCUSDT',
    direction: 'long',
    quantity: 0.015,
    entryPrice: 64_123.45,
    entryTime: 1_764_000_000_000,
    initialStop: 63_800.1,
    stopPrice: 63_950.25,
    entryFees: 0.96185175,
    signalId: 'sig-1',
    unrealizedPnl: -1.25,
    updatedAt: 1_764_000_001_000,
    ...overrides,
  };
}

export function order(overrides: Partial<StoredOrder> = {}): StoredOrder {
  return {
    exchange: 'binance',
    marketType: 'spot',
    orderId: 'ord-1',
    clientOrderId: 'c-1',
    instrumentId: 'binance:spot:BTCUSDT',
    side: 'buy',
    type: 'limit',
    quantity: 0.5,
    limitPrice: 64_000.5,
    timeInForce: 'gtc',
    reduceOnly: false,
    status: 'open',
    filledQuantity: 0,
    createdAt: 1_764_000_000_000,
    purpose: 'sig-1',
    updatedAt: 1_764_000_000_500,
    ...overrides,
  };
}

export function trade(overrides: Partial<TradeHistoryRecord> = {}): TradeHistoryRecord {
  return {
    exchange: 'binance',
    marketType: 'usdm',
    positionId: 'pos-1',
    instrumentId: 'binance:usdm:ETHUSDT',
    symbol: 'ETHUSDT',
    direction: 'short',
    signalId: 'sig-1',
    entryTime: 1_000,
    entryPrice: 3_100.25,
    exitTime: 2_000,
    exitPrice: 3_090.75,
    quantity: 1.5,
    pnl: 14.25,
    fees: 1.8625,
    pnlPercent: 0.30642,
    reason: 'trailing_stop',
    ...overrides,
  };
}

export function watch(overrides: Partial<WatchlistEntry> = {}): WatchlistEntry {
  return {
    exchange: 'binance',
    marketType: 'spot',
    symbol: 'SOLUSDT',
    kind: 'manual',
    addedAt: 1_000,
    expiresAt: 1_000 + 86_400_000,
    addedBy: 'uid-alice',
    priority: 3,
    enabled: true,
    rank: null,
    ...overrides,
  };
}

export function topLiquid(
  symbol: string,
  rank: number,
  overrides: Partial<WatchlistEntry> = {},
): WatchlistEntry {
  return watch({
    symbol,
    kind: 'top_liquid',
    expiresAt: null,
    addedBy: 'system',
    priority: 1,
    rank,
    ...overrides,
  });
}

export function strategyConfig(overrides: Partial<StrategyConfigRecord> = {}): StrategyConfigRecord {
  return {
    exchange: 'binance',
    marketType: 'spot',
    strategyId: 'ultra_short_scalping',
    enabled: true,
    params: {
      riskPerTrade: 0.02,
      leverage: 5,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      nested: { z: 1.5, on: true },
    },
    updatedAt: 5_000,
    ...overrides,
  };
}

export const sealedSecret: EncryptedSecret = {
  keyId: 'local:0123456789abcdef',
  wrappedKey: 'd3JhcHBlZC1rZXk=',
  iv: 'aXYtYnl0ZXM=',
  authTag: 'dGFn',
  ciphertext: 'Y2lwaGVydGV4dA==',
};

export function forexAccount(overrides: Partial<ForexAccountRecord> = {}): ForexAccountRecord {
  return {
    accountId: 'ftmo_challenge_001',
    ownerUid: 'uid-alice',
    platform: 'mt5',
    brokerName: 'FTMO',
    brokerType: 'prop_firm',
    server: 'FTMO-Server',
    accountNumber: '5001234567',
    credentials: sealedSecret,
    rules: {
      max_daily_loss_percent: 5,
      max_total_loss_percent: 10,
      profit_target: 10_000,
      allow_news_trading: false,
    },
    status: 'active',
    enabled: true,
    updatedAt: 7_000,
    ...overrides,
  };
}

/** Doubles that a lossy encoding (decimal rounding, float32, integer coercion) would change. */
export const AWKWARD_NUMBERS = [
  0.1 + 0.2,
  1 / 3,
  5e-324,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  -123.456e-7,
  2 ** 53 + 2,
  64_123.450000000004,
] as const;
