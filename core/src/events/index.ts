export * from './events.ts';
export * from './analytics-snapshot.ts';
export * from './event-factory.ts';
export * from './event-bus.ts';
export * from './decision-record.ts';
export * from './topics.ts';
