export type { HighLowClose, OhlcvBar } from './bars.ts';
export { NumberRing } from './number-ring.ts';
export { WilderAverage } from './wilder-average.ts';
export { WilderRsi } from './wilder-rsi.ts';
export { WilderAtr, trueRange } from './wilder-atr.ts';
export { WilderAdx } from './wilder-adx.ts';
export { StructureDetector } from './structure-detector.ts';
export type { MarketStructure } from './structure-detector.ts';
export {
  DirectionalPersistence,
  rescaledRangeHurst,
  logReturns,
  RS_WINDOW_SIZES,
} from './directional-persistence.ts';
export type { DirectionalPersistenceOptions } from './directional-persistence.ts';
export {
  MeanReversionStrength,
  meanReversionStrength,
  DISPLACEMENT_SIGMAS,
  RETURN_SIGMAS,
} from './mean-reversion-strength.ts';
export type { MeanReversionOptions, MeanReversionResult } from './mean-reversion-strength.ts';
export { VolumeTrend } from './volume-trend.ts';
export { LagOneAutocorrelation } from './lag-one-autocorrelation.ts';
export { RegimeInputs } from './regime-inputs.ts';
export type { RegimeConfig, RegimeSnapshot } from './regime-inputs.ts';
