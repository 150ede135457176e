import type { Instrument } from '../../domain/instrument.ts';
import type { ReaderItem } from '../../marketdata/types.ts';
import { afterHeader, parseDecimal, ParsedFileSource, quoteLine, rejected } from './text-file.ts';

export const TRADE_TAPE_HEADER = 'ts_ms,price,qty,side';

/**
 * Normalized trade tape `ts_ms,price,qty,side` (header required; `.gz` allowed). Every data row becomes a
 * trade tick with `localTs = ts` and no trade id, so identical consecutive rows are all kept (decisions.md
 * #4). Rows that do not parse (column count, non-numeric field, side other than `buy`/`sell`) are yielded as
 * `malformed_row` with their 1-based line number; fully empty lines are skipped silently. Values are not
 * judged here: non-positive prices or sizes and time order are the validator's job downstream.
 * A file whose first line is not the header throws (it is not a trade tape).
 */
export class TradeTapeSource extends ParsedFileSource {
  constructor(path: string, instrument: Instrument) {
    super(path, instrument, parseTradeTape);
  }
}

/** The parser behind `TradeTapeSource`, on bytes already in memory (`source` names them in rejects). */
export function* parseTradeTape(
  bytes: Buffer,
  instrument: Instrument,
  source: string,
): Generator<ReaderItem> {
  const len = bytes.length;
  const id = instrument.id;
  const bodyStart = afterHeader(bytes, TRADE_TAPE_HEADER, source);
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
    // Comma positions; a fourth comma makes the row malformed.
    let c1 = -1;
    let c2 = -1;
    let c3 = -1;
    let extra = false;
    for (let i = pos; i < stop; i++) {
      if (bytes[i] !== 44) continue;
      if (c1 < 0) c1 = i;
      else if (c2 < 0) c2 = i;
      else if (c3 < 0) c3 = i;
      else {
        extra = true;
        break;
      }
    }
    let problem: string;
    if (c3 < 0 || extra) problem = 'expected 4 columns ts_ms,price,qty,side';
    else {
      const ts = parseDecimal(bytes, pos, c1);
      const price = parseDecimal(bytes, c1 + 1, c2);
      const qty = parseDecimal(bytes, c2 + 1, c3);
      const sideLen = stop - c3 - 1;
      const s0 = bytes[c3 + 1];
      const side =
        sideLen === 3 && s0 === 98 && bytes[c3 + 2] === 117 && bytes[c3 + 3] === 121
          ? 'buy'
          : sideLen === 4 &&
              s0 === 115 &&
              bytes[c3 + 2] === 101 &&
              bytes[c3 + 3] === 108 &&
              bytes[c3 + 4] === 108
            ? 'sell'
            : undefined;
      if (!Number.isFinite(ts)) problem = 'ts_ms is not a number';
      else if (!Number.isFinite(price)) problem = 'price is not a number';
      else if (!Number.isFinite(qty)) problem = 'qty is not a number';
      else if (side === undefined) problem = 'side must be buy or sell';
      else {
        yield {
          kind: 'trade',
          tick: { instrumentId: id, ts, localTs: ts, price, qty, side, tradeId: undefined },
        };
        pos = end + 1;
        continue;
      }
    }
    yield rejected(
      'malformed_row',
      id,
      source,
      line,
      `${problem}: ${quoteLine(bytes.toString('utf8', pos, stop))}`,
    );
    pos = end + 1;
  }
}
