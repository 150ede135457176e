import { resolve } from 'node:path';

/** Repository root, from this file's location (works from any working directory). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * The bundled default replay: real Binance trades of the same eleven minutes around midnight UTC on
 * 2024-08-08/09 for BTCUSDT and ETHUSDT spot and ETHUSDT USD-M (see data/DATA-SOURCES.md).
 */
export const DEFAULT_INPUTS: readonly string[] = [
  'data/tapes/binance-spot_BTCUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv',
  'data/tapes/binance-spot_ETHUSDT_2024-08-08T2354Z_2024-08-09T0005Z_trades.csv',
  'data/tapes/binance-usdm_ETHUSDT_2024-08-08T2354Z_2024-08-09T0000Z_trades.csv',
].map((p) => resolve(REPO_ROOT, p));
