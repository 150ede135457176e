export * from './clock.ts';
export * from './ids.ts';
export * from './logger.ts';
export * from './market-store.ts';
export * from './venue.ts';
export * from './trading-store.ts';
export * from './risk-store.ts';
