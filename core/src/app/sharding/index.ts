export * from './scheduler.ts';
export * from './shard-keys.ts';
export * from './shard-coordinator.ts';
