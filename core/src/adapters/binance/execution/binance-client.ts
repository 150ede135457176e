import { binance, binanceusdm } from 'ccxt';

export type BinanceExecutionVenue = 'binance-spot' | 'binance-usdm';

export interface BinanceClientOptions {
  readonly venue: BinanceExecutionVenue;
  /** Must be true to build a client that can trade; a guard against wiring live by accident. */
  readonly live: boolean;
  /** Testnet: spot testnet.binance.vision, futures testnet.binancefuture.com. */
  readonly sandbox?: boolean;
  readonly apiKey?: string;
  readonly secret?: string;
  /** Replaces the origin of every REST base (tests point it at a local fake). */
  readonly restBaseUrl?: string;
  readonly requestTimeoutMs?: number;
}

export type BinanceExchange = binance;

/** Thrown at construction: a configuration bug, not a runtime failure. */
export class LiveTradingGuardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveTradingGuardError';
  }
}

/**
 * Builds the ccxt client for one Binance market type. Refuses without `live: true` and credentials, so a
 * misconfigured process can never reach the order endpoints anonymously or by accident.
 */
export function createBinanceClient(options: BinanceClientOptions): BinanceExchange {
  if (!options.live) {
    throw new LiveTradingGuardError(
      'Binance execution requires { live: true }; use the paper venue otherwise',
    );
  }
  if (!options.apiKey || !options.secret) {
    throw new LiveTradingGuardError('Binance execution requires apiKey and secret');
  }
  const spot = options.venue === 'binance-spot';
  const config = {
    apiKey: options.apiKey,
    secret: options.secret,
    enableRateLimit: true,
    timeout: options.requestTimeoutMs ?? 10_000,
    options: {
      fetchMarkets: { types: [spot ? 'spot' : 'linear'] },
      // capital/config/getall is a sapi call the testnet lacks; currencies come from the markets.
      fetchCurrencies: false,
      // margin pairs are sapi calls; this adapter trades spot and USD-M only.
      fetchMargins: false,
      warnOnFetchOpenOrdersWithoutSymbol: false,
      // One-way mode positions; our reduce-only exits rely on it.
      defaultType: spot ? 'spot' : 'swap',
      disableFuturesSandboxWarning: true,
    },
  };
  const exchange: BinanceExchange = spot ? new binance(config) : new binanceusdm(config);
  if (options.sandbox) exchange.setSandboxMode(true);
  if (options.restBaseUrl !== undefined) rebaseUrls(exchange, options.restBaseUrl);
  return exchange;
}

/** Keeps each endpoint's path (/api/v3, /fapi/v1 ...) and swaps the scheme and host. */
function rebaseUrls(exchange: BinanceExchange, base: string): void {
  const origin = base.replace(/\/+$/, '');
  const api = exchange.urls['api'] as Record<string, unknown>;
  for (const [key, value] of Object.entries(api)) {
    if (typeof value !== 'string' || !/^https?:\/\//.test(value)) continue;
    api[key] = origin + new URL(value).pathname;
  }
}

/** The REST base a client currently targets for private spot or futures calls (for tests and logs). */
export function privateRestUrl(exchange: BinanceExchange, venue: BinanceExecutionVenue): string {
  const api = exchange.urls['api'] as Record<string, unknown>;
  const url = api[venue === 'binance-spot' ? 'private' : 'fapiPrivate'];
  return typeof url === 'string' ? url : '';
}
