/** Firestore adapters: client factory, state store, shard leases. */
export { openFirestore, type FirestoreHandle } from './firestore-client.ts';
export { FirestoreStateStore } from './firestore-state-store.ts';
export { CREDENTIALS_DOC, PRIVATE_COLLECTION } from './state-forex.ts';
export * from './firestore-lease-store.ts';
