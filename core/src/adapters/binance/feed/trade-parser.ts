import type { TradeTick } from '../../../domain/ticks.ts';

/** Why a frame produced no tick; counted by the feed, never thrown out of the socket handler. */
export type FrameIssue =
  | 'malformed_json'
  | 'not_an_object'
  | 'missing_field'
  | 'bad_number'
  | 'unknown_symbol'
  | 'non_market_trade'
  | 'other_event';

/** Reply to a SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS request. */
export interface ControlReply {
  readonly kind: 'reply';
  readonly id: number;
  readonly error: string | undefined;
}

export type ParsedFrame = TradeTick | ControlReply | FrameIssue;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `parse` returned a trade. */
export function isTick(parsed: ParsedFrame): parsed is TradeTick {
  return typeof parsed === 'object' && 'instrumentId' in parsed;
}

/**
 * Hand-written parser for Binance `trade` and `aggTrade` frames, raw (`{"e":"trade",...}`) or wrapped by the
 * combined stream (`{"stream":"btcusdt@trade","data":{...}}`), spot or USD-M. One JSON.parse and direct
 * field checks per frame (no schema library on the hot path). The trade id is `t` for `trade` and `a` for
 * `aggTrade`; `m` (buyer is maker) means the seller aggressed. USD-M `trade` frames carry `X`: only
 * `MARKET` trades are real prints (insurance-fund and ADL fills are refused as `non_market_trade`).
 */
export class TradeFrameParser {
  constructor(private readonly instrumentIdBySymbol: ReadonlyMap<string, string>) {}

  parse(text: string, recvTime: number): ParsedFrame {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return 'malformed_json';
    }
    if (!isObject(frame)) return 'not_an_object';
    const wrapped = frame['data'];
    const data = wrapped === undefined ? frame : wrapped;
    if (!isObject(data)) return 'not_an_object';
    const event = data['e'];
    if (event === 'trade') return this.trade(data, data['t'], recvTime);
    if (event === 'aggTrade') return this.trade(data, data['a'], recvTime);
    if (event === undefined && typeof frame['id'] === 'number') return reply(frame, frame['id']);
    return 'other_event';
  }

  private trade(data: Json, id: unknown, recvTime: number): ParsedFrame {
    const { s, p, q, T, m, X } = data;
    if (typeof id !== 'number' || typeof s !== 'string' || typeof p !== 'string') return 'missing_field';
    if (typeof q !== 'string' || typeof T !== 'number' || typeof m !== 'boolean') return 'missing_field';
    if (X !== undefined && X !== 'MARKET') return 'non_market_trade';
    const instrumentId = this.instrumentIdBySymbol.get(s);
    if (instrumentId === undefined) return 'unknown_symbol';
    const price = Number(p);
    const qty = Number(q);
    if (p === '' || q === '' || !Number.isFinite(price) || !Number.isFinite(qty)) return 'bad_number';
    return {
      instrumentId,
      ts: T,
      localTs: recvTime,
      price,
      qty,
      side: m ? 'sell' : 'buy',
      tradeId: id,
    };
  }
}

function reply(frame: Json, id: number): ControlReply {
  const error = frame['error'];
  if (error === undefined || error === null) return { kind: 'reply', id, error: undefined };
  return { kind: 'reply', id, error: JSON.stringify(error) };
}
