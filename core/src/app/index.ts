export * from './replay.ts';
export * from './replay-report.ts';
export * from './candles-csv.ts';
export * from './event-log.ts';
export * from './market-data-pipeline.ts';
export * from './warm-up.ts';
