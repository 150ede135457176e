export * from './clock.ts';
export * from './ids.ts';
export * from './logger.ts';
export * from './market-store.ts';
