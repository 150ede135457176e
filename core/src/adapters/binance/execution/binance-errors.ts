/**
 * Binance failures sorted by what the caller may do next. `rate_limited` means the request was refused
 * before it reached the matching engine (safe to re-send after the wait); `ambiguous` means it may or may
 * not have been executed (query by clientOrderId before any re-send); `fatal` means do not retry.
 */
export type FailureClass = 'rate_limited' | 'ambiguous' | 'fatal';

export interface VenueFailure {
  readonly failureClass: FailureClass;
  /** Stable reason code for reports and OrderRejected events. */
  readonly reasonCode: string;
  /** Binance numeric code when the venue sent one. */
  readonly binanceCode: number | undefined;
  readonly httpStatus: number | undefined;
  /** Wait the venue asked for (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;
  readonly message: string;
  /** True when the failure says something about the venue's health (counts towards the circuit). */
  readonly venueHealth: boolean;
}

/** Thrown by a query (open orders, balances, positions) that failed: a failure is never an empty list. */
export class VenueQueryFailed extends Error {
  readonly failure: VenueFailure;
  constructor(
    readonly query: string,
    failure: VenueFailure,
  ) {
    super(`${query} failed: ${failure.reasonCode}: ${failure.message}`);
    this.name = 'VenueQueryFailed';
    this.failure = failure;
  }
}

const FATAL_CODES: Readonly<Record<number, string>> = {
  [-2010]: 'insufficient_balance',
  [-2019]: 'insufficient_margin',
  [-1013]: 'filter_failure',
  [-1111]: 'precision_failure',
  [-4164]: 'min_notional',
  [-2011]: 'unknown_order',
  [-2013]: 'order_not_found',
  [-1100]: 'bad_parameters',
  [-1102]: 'bad_parameters',
  [-1106]: 'bad_parameters',
  [-1116]: 'bad_parameters',
  [-1121]: 'bad_symbol',
  [-2022]: 'reduce_only_rejected',
  [-4116]: 'duplicate_order',
  [-5022]: 'post_only_would_take',
  [-2014]: 'auth_failed',
  [-2015]: 'auth_failed',
  [-1022]: 'auth_failed',
  [-1021]: 'timestamp_outside_window',
};

/** Credential problems are fatal for the order but say the venue path is broken: they count. */
const HEALTH_CODES = new Set([-2014, -2015, -1022, -1021]);

const RATE_LIMIT_CODES = new Set([-1003, -1015]);
const AMBIGUOUS_CODES = new Set([-1000, -1001, -1006, -1007, -1008]);

/**
 * Classifies anything ccxt (or the network below it) threw. The Binance JSON body in ccxt's message is
 * the primary evidence; ccxt's class names are the fallback (its URL-based error map does not apply to
 * overridden base URLs).
 */
export function classifyFailure(error: unknown, retryAfterHeader?: string): VenueFailure {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.constructor.name : 'unknown';
  const binanceCode = binanceCodeOf(message);
  const httpStatus = httpStatusOf(message);
  const retryAfterMs = parseRetryAfter(retryAfterHeader);
  const base = { binanceCode, httpStatus, retryAfterMs, message: message.slice(0, 300) };
  if (
    (binanceCode !== undefined && RATE_LIMIT_CODES.has(binanceCode)) ||
    httpStatus === 429 ||
    httpStatus === 418
  ) {
    const reasonCode = httpStatus === 418 ? 'ip_banned' : 'rate_limited';
    return { ...base, failureClass: 'rate_limited', reasonCode, venueHealth: true };
  }
  if (binanceCode !== undefined && FATAL_CODES[binanceCode] !== undefined) {
    const reasonCode =
      binanceCode === -2010
        ? newOrderRejectedReason(message)
        : (FATAL_CODES[binanceCode] ?? 'venue_rejected');
    return { ...base, failureClass: 'fatal', reasonCode, venueHealth: HEALTH_CODES.has(binanceCode) };
  }
  if (binanceCode !== undefined && AMBIGUOUS_CODES.has(binanceCode)) {
    // -1000/-1001: unknown error or disconnected; -1006/-1007/-1008: backend timeout or overload.
    const reasonCode = binanceCode >= -1001 ? 'venue_unavailable' : 'venue_timeout';
    return { ...base, failureClass: 'ambiguous', reasonCode, venueHealth: true };
  }
  if (httpStatus !== undefined && httpStatus >= 500) {
    return { ...base, failureClass: 'ambiguous', reasonCode: 'venue_unavailable', venueHealth: true };
  }
  if (/RequestTimeout|timed out|timeout/i.test(`${name} ${message}`)) {
    return { ...base, failureClass: 'ambiguous', reasonCode: 'request_timeout', venueHealth: true };
  }
  if (
    /NetworkError|ExchangeNotAvailable|ECONNREFUSED|ECONNRESET|socket hang up|fetch failed/i.test(
      `${name} ${message}`,
    )
  ) {
    return { ...base, failureClass: 'ambiguous', reasonCode: 'network_error', venueHealth: true };
  }
  if (/AuthenticationError|PermissionDenied/.test(name)) {
    return { ...base, failureClass: 'fatal', reasonCode: 'auth_failed', venueHealth: true };
  }
  if (/InsufficientFunds/.test(name)) {
    return { ...base, failureClass: 'fatal', reasonCode: 'insufficient_balance', venueHealth: false };
  }
  if (/OrderNotFound/.test(name)) {
    return { ...base, failureClass: 'fatal', reasonCode: 'order_not_found', venueHealth: false };
  }
  if (/InvalidOrder|BadRequest|BadSymbol|ArgumentsRequired/.test(name)) {
    return { ...base, failureClass: 'fatal', reasonCode: 'bad_parameters', venueHealth: false };
  }
  return { ...base, failureClass: 'fatal', reasonCode: 'venue_error', venueHealth: true };
}

/** True when the failure proves the queried order does not exist on the venue. */
export function isOrderAbsent(failure: VenueFailure): boolean {
  return failure.binanceCode === -2013 || failure.reasonCode === 'order_not_found';
}

/** -2010 NEW_ORDER_REJECTED covers several refusals; Binance's message names which. */
function newOrderRejectedReason(message: string): string {
  if (/insufficient balance/i.test(message)) return 'insufficient_balance';
  if (/immediately match/i.test(message)) return 'post_only_would_take';
  if (/duplicate order/i.test(message)) return 'duplicate_order';
  return 'order_rejected';
}

/**
 * ccxt matches some Binance messages exactly and rethrows them as `binance <msg>` without the JSON body;
 * these documented messages give the code back.
 */
const MESSAGE_CODES: readonly (readonly [RegExp, number])[] = [
  [/Too many requests|Too much request weight/i, -1003],
  [/Timeout waiting for response from backend/i, -1007],
  [/Internal error; unable to process/i, -1001],
  [/Filter failure/i, -1013],
  [/Margin is insufficient/i, -2019],
  [/insufficient balance|immediately match and take|Duplicate order sent/i, -2010],
  [/Unknown order sent/i, -2011],
  [/Order does not exist/i, -2013],
  [/ReduceOnly Order is rejected/i, -2022],
  [/Invalid API-key/i, -2015],
  [/Signature for this request is not valid/i, -1022],
];

function binanceCodeOf(message: string): number | undefined {
  const match = /"code"\s*:\s*(-?\d+)/.exec(message);
  if (match?.[1] !== undefined) return Number(match[1]);
  return MESSAGE_CODES.find(([pattern]) => pattern.test(message))?.[1];
}

/** ccxt's HTTP status errors read `binance POST <url> 503 Service Unavailable <body>`. */
function httpStatusOf(message: string): number | undefined {
  const match = /\s(?:GET|POST|PUT|DELETE)\s\S+\s(\d{3})\s/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function parseRetryAfter(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
