export * from './text-file.ts';
export * from './trade-tape.ts';
export * from './quote-file.ts';
export * from './binance-capture.ts';
export * from './candle-file.ts';
export * from './candle-source.ts';
export * from './file-names.ts';
