import { instrumentFromVenueKey } from '../../domain/instrument.ts';
import type { TickSource } from '../../marketdata/types.ts';
import { BinanceCaptureSource, captureNameInfo } from './binance-capture.ts';
import { CandleFileSource } from './candle-source.ts';
import { QuoteFileSource } from './quote-file.ts';
import { fileName } from './text-file.ts';
import { TradeTapeSource } from './trade-tape.ts';

export type InputFileKind = 'trades' | 'quotes' | 'capture' | 'candles';

export interface InputFileInfo {
  readonly kind: InputFileKind;
  /** `binance-spot`, `kraken-spot`, or a bare vendor such as `oanda`, `dukascopy`, `binance`. */
  readonly venueKey: string;
  readonly symbol: string;
}

const VENUE_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SYMBOL = /^[A-Za-z0-9]+$/;
const INTERVAL = /^\d+[mhd]$/;

/**
 * Kind, venue key and symbol from a data file name (decisions.md #1: `<venue>_<SYMBOL>_...`):
 * - `<venue>_<SYMBOL>_..._trades.csv` (also `_aggtrades.csv`) -> trades;
 * - `<venue>_<SYMBOL>_..._quotes.csv` -> quotes;
 * - `<venue>_<SYMBOL>_..._1m_....csv|json` or `<venue>_<SYMBOL>-1m-<date>.csv` (Binance kline names) -> candles;
 * - hftbacktest captures `spot_btcusdt_20240808.gz`, `usdm_..._YYYYMMDD.dat.gz` -> capture on binance-<market>.
 * `.gz` after `.csv`/`.json` is allowed. Undefined for anything else.
 */
export function parseInputFileName(path: string): InputFileInfo | undefined {
  const capture = captureNameInfo(path);
  if (capture) return { kind: 'capture', ...capture };
  const name = fileName(path).replace(/\.gz$/i, '');
  const ext = /\.(csv|json)$/i.exec(name)?.[1]?.toLowerCase();
  if (!ext) return undefined;
  const parts = name.slice(0, -(ext.length + 1)).split('_');
  const venueKey = parts[0];
  const symbolPart = parts[1]?.split('-') ?? [];
  const symbol = symbolPart[0];
  if (parts.length < 2 || !venueKey || !VENUE_KEY.test(venueKey) || !symbol || !SYMBOL.test(symbol))
    return undefined;
  const last = parts[parts.length - 1]?.toLowerCase();
  const tokens = parts.slice(1).flatMap((p) => p.split('-'));
  let kind: InputFileKind | undefined;
  if (ext === 'csv' && (last === 'trades' || last === 'aggtrades')) kind = 'trades';
  else if (ext === 'csv' && last === 'quotes') kind = 'quotes';
  else if (tokens.some((t) => INTERVAL.test(t))) kind = 'candles';
  return kind ? { kind, venueKey, symbol: symbol.toUpperCase() } : undefined;
}

export interface OpenTickSourceOverrides {
  /** Venue key, e.g. `binance-usdm` or `dukascopy` (default: from the file name). */
  readonly venue?: string;
  /** Native symbol (default: from the file name). */
  readonly symbol?: string;
  /** File kind when the name does not tell it. */
  readonly kind?: InputFileKind;
  /** Seed of the candle-to-tick model for candle files (default 1). */
  readonly seed?: number;
}

/**
 * The tick source for a data file, chosen by its name (or `overrides.kind`). Instruments come from
 * `instrumentFromVenueKey`: a venue key with a market (`binance-usdm`) keeps it; a bare vendor gets `forex`
 * for quote files (quote-driven, decisions.md #3) and `spot` for trades and candles. Candle files are expanded
 * into ticks by `expandCandles` with `overrides.seed`. Throws when kind, venue or symbol cannot be told.
 */
export function openTickSource(path: string, overrides: OpenTickSourceOverrides = {}): TickSource {
  const info = parseInputFileName(path);
  const kind = overrides.kind ?? info?.kind;
  const venueKey = overrides.venue ?? info?.venueKey;
  const symbol = overrides.symbol ?? info?.symbol;
  if (!kind || !venueKey || !symbol) {
    throw new Error(`${path}: cannot tell the file kind, venue and symbol from its name; pass overrides`);
  }
  const instrument = instrumentFromVenueKey(venueKey, symbol, kind === 'quotes' ? 'forex' : 'spot');
  switch (kind) {
    case 'trades':
      return new TradeTapeSource(path, instrument);
    case 'quotes':
      return new QuoteFileSource(path, instrument);
    case 'capture':
      return new BinanceCaptureSource(path, instrument);
    case 'candles':
      return new CandleFileSource(path, instrument, { seed: overrides.seed ?? 1 });
  }
}
