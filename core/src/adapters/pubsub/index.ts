export * from './event-codec.ts';
export * from './delivery.ts';
export * from './processed-event-store.ts';
export * from './firestore-processed-event-store.ts';
export * from './pubsub-topology.ts';
export * from './pubsub-transport.ts';
