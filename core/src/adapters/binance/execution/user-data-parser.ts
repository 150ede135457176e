/** One order event from the user-data stream, spot `executionReport` or futures `ORDER_TRADE_UPDATE`. */
export interface OrderUpdate {
  readonly nativeSymbol: string;
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  /** NEW, TRADE, CANCELED, EXPIRED, REJECTED, AMENDMENT, CALCULATED ... */
  readonly execType: string;
  /** NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED ... */
  readonly status: string;
  readonly cumulativeQty: number;
  readonly lastQty: number;
  readonly lastPrice: number;
  readonly commission: number;
  readonly commissionAsset: string;
  /** Venue trade id; undefined for events without a trade. */
  readonly tradeId: string | undefined;
  readonly maker: boolean;
  /** Venue time of the trade or transaction (ms). */
  readonly ts: number;
  readonly rejectReason: string;
}

type Raw = Readonly<Record<string, unknown>>;

/**
 * Parses a user-data frame; other events (balances, account updates) answer undefined. Accepts the
 * plain listen-key frame and the `{ event: {...} }` wrapper of the WebSocket-API subscription.
 */
export function parseUserDataMessage(data: unknown): OrderUpdate | undefined {
  if (!isRecord(data)) return undefined;
  const frame = isRecord(data['event']) ? data['event'] : data;
  if (frame['e'] === 'executionReport') return parseSpot(frame);
  if (frame['e'] === 'ORDER_TRADE_UPDATE' && isRecord(frame['o'])) return parseFutures(frame['o'], frame);
  return undefined;
}

function parseSpot(f: Raw): OrderUpdate {
  const execType = str(f['x']);
  // On a cancel, `c` is the cancel request's id and `C` the original order's client id.
  const original = str(f['C']);
  const clientOrderId = execType === 'CANCELED' && original !== '' ? original : str(f['c']);
  return {
    nativeSymbol: str(f['s']),
    clientOrderId,
    ...orderFields(f),
    execType,
    ts: num(f['T']) || num(f['E']),
    rejectReason: str(f['r']),
  };
}

function parseFutures(o: Raw, frame: Raw): OrderUpdate {
  return {
    nativeSymbol: str(o['s']),
    clientOrderId: str(o['c']),
    ...orderFields(o),
    execType: str(o['x']),
    ts: num(o['T']) || num(frame['T']) || num(frame['E']),
    rejectReason: '',
  };
}

/** Spot executionReport and futures ORDER_TRADE_UPDATE name these fields alike. */
function orderFields(o: Raw) {
  return {
    exchangeOrderId: str(o['i']),
    status: str(o['X']),
    cumulativeQty: num(o['z']),
    lastQty: num(o['l']),
    lastPrice: num(o['L']),
    commission: num(o['n']),
    commissionAsset: str(o['N']),
    tradeId: tradeIdOf(o['t']),
    maker: o['m'] === true,
  };
}

function tradeIdOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text === '-1' || text === '0' || text === '' ? undefined : text;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function num(value: unknown): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : 0;
}
