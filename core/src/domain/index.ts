export * from './instrument.ts';
export * from './ticks.ts';
export * from './candle.ts';
export * from './trading.ts';
