export * from './compute-metrics.ts';
export * from './csv.ts';
export * from './equity-curve.ts';
export * from './sharpe.ts';
export * from './types.ts';
