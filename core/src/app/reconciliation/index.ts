export * from './compare.ts';
export * from './reconciler.ts';
export * from './resolve.ts';
export * from './write-queue.ts';
