import type { Instrument } from '../../domain/instrument.ts';
import { expandCandles, type CandleExpansionOptions } from '../../marketdata/candle-expander.ts';
import type { ReaderItem, TickSource } from '../../marketdata/types.ts';
import { readCandleFile } from './candle-file.ts';
import { fileName } from './text-file.ts';

/**
 * A candle file as a tick source: rows `readCandleFile` refuses come first as `malformed_row` (with their
 * file line), then the ticks `expandCandles` makes of the rest (see its model).
 */
export class CandleFileSource implements TickSource {
  readonly name: string;

  constructor(
    readonly path: string,
    readonly instrument: Instrument,
    readonly options: Omit<CandleExpansionOptions, 'source'>,
  ) {
    this.name = fileName(path);
  }

  ignored(): number {
    return 0;
  }

  *items(): Generator<ReaderItem> {
    const { candles, rejected } = readCandleFile(this.path);
    for (const r of rejected) {
      yield {
        kind: 'rejected',
        reason: 'malformed_row',
        instrumentId: this.instrument.id,
        source: this.path,
        ...r,
      };
    }
    yield* expandCandles(this.instrument, candles, { ...this.options, source: this.path });
  }
}
