export * from './execution-engine.ts';
export * from './execution-chain.ts';
export * from './execution-types.ts';
export * from './execution-counters.ts';
export * from './position-book.ts';
export * from './order-tracker.ts';
export * from './sizing.ts';
