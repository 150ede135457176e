import { resolve } from 'node:path';

/** Repository root, from this file's location (works from any working directory). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * The bundled default replay (see data/DATA-SOURCES.md): real Binance trades of the same eleven minutes
 * around midnight UTC on 2024-08-08/09 for BTCUSDT and ETHUSDT spot and ETHUSDT USD-M, and two hours of
 * Dukascopy BTCUSD quotes warmed up with the 19 days of 1m candles before them, so the regime filter is
 * live from the first quote.
 */
export const DEFAULT_INPUTS: readonly string[] = [
  'data/tapes/binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv',
  'data/tapes/binance-spot_ETHUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv',
  'data/tapes/binance-usdm_ETHUSDT_2024-08-08T2354Z_2024-08-09T0000Z_trades.csv',
  'data/quotes/dukascopy_BTCUSD_2023-02-20T1200Z_1400Z_quotes.csv',
].map((p) => resolve(REPO_ROOT, p));

export const DEFAULT_WARMUPS: readonly string[] = [
  'data/candles/dukascopy_BTCUSD_BID_1m_2023-02-01_2023-02-19.csv',
].map((p) => resolve(REPO_ROOT, p));
