export * from './in-memory-lease-store.ts';
export * from './in-process-transport.ts';
export { EmbeddedStateStore } from './embedded-state-store.ts';
export { OPEN_ORDER_STATUSES, STATE_COLLECTIONS, marketConfigId, strategyConfigId } from './state-rules.ts';
