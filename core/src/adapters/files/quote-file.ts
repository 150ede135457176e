import type { Instrument } from '../../domain/instrument.ts';
import type { Side } from '../../domain/ticks.ts';
import type { ReaderItem } from '../../marketdata/types.ts';
import {
  afterHeader,
  exactMid,
  fractionDigits,
  parseDecimal,
  ParsedFileSource,
  quoteLine,
  rejected,
} from './text-file.ts';

export const QUOTE_FILE_HEADER = 'ts_ms,bid,ask';

/**
 * Best bid/offer file `ts_ms,bid,ask` (header required; `.gz` allowed) turned into trade ticks
 * (decisions.md #3): each valid quote is one tick at mid = (bid + ask) / 2 with qty 1 (tick volume),
 * computed exactly on the quotes' decimal grid (`exactMid`, so equal mids compare equal in the tick rule),
 * `localTs = ts`, no trade id. Side by the tick rule: mid above the previous valid mid is a buy, below a sell,
 * unchanged keeps the previous side; the very first tick of the file, having no previous mid, is a buy.
 * Rejected: unparsable rows `malformed_row`; bid <= 0 or ask <= 0 `non_positive_price` (checked first);
 * bid > ask `crossed_quote` (bid = ask, a locked quote, is accepted). Rejected quotes leave the tick-rule
 * state untouched. Fully empty lines are skipped; a file whose first line is not the header throws.
 */
export class QuoteFileSource extends ParsedFileSource {
  constructor(path: string, instrument: Instrument) {
    super(path, instrument, parseQuoteFile);
  }
}

/** The parser behind `QuoteFileSource`, on bytes already in memory. */
export function* parseQuoteFile(
  bytes: Buffer,
  instrument: Instrument,
  source: string,
): Generator<ReaderItem> {
  const len = bytes.length;
  const id = instrument.id;
  const bodyStart = afterHeader(bytes, QUOTE_FILE_HEADER, source);
  let prevMid = Number.NaN;
  let prevSide: Side = 'buy';
  let pos = bodyStart;
  let line = 1;
  while (pos < len) {
    let end = bytes.indexOf(10, pos);
    if (end < 0) end = len;
    line++;
    const stop = end > pos && bytes[end - 1] === 13 ? end - 1 : end;
    if (stop === pos) {
      pos = end + 1;
      continue;
    }
    let c1 = -1;
    let c2 = -1;
    let extra = false;
    for (let i = pos; i < stop; i++) {
      if (bytes[i] !== 44) continue;
      if (c1 < 0) c1 = i;
      else if (c2 < 0) c2 = i;
      else {
        extra = true;
        break;
      }
    }
    let reason: 'malformed_row' | 'non_positive_price' | 'crossed_quote' = 'malformed_row';
    let problem: string;
    if (c2 < 0 || extra) problem = 'expected 3 columns ts_ms,bid,ask';
    else {
      const ts = parseDecimal(bytes, pos, c1);
      const bid = parseDecimal(bytes, c1 + 1, c2);
      const ask = parseDecimal(bytes, c2 + 1, stop);
      if (!Number.isFinite(ts)) problem = 'ts_ms is not a number';
      else if (!Number.isFinite(bid)) problem = 'bid is not a number';
      else if (!Number.isFinite(ask)) problem = 'ask is not a number';
      else if (!(bid > 0) || !(ask > 0)) {
        reason = 'non_positive_price';
        problem = 'bid and ask must be positive';
      } else if (bid > ask) {
        reason = 'crossed_quote';
        problem = 'bid above ask';
      } else {
        const mid = exactMid(
          bid,
          fractionDigits(bytes, c1 + 1, c2),
          ask,
          fractionDigits(bytes, c2 + 1, stop),
        );
        const side: Side = mid > prevMid ? 'buy' : mid < prevMid ? 'sell' : prevSide;
        prevMid = mid;
        prevSide = side;
        yield {
          kind: 'trade',
          tick: { instrumentId: id, ts, localTs: ts, price: mid, qty: 1, side, tradeId: undefined },
        };
        pos = end + 1;
        continue;
      }
    }
    yield rejected(reason, id, source, line, `${problem}: ${quoteLine(bytes.toString('utf8', pos, stop))}`);
    pos = end + 1;
  }
}
