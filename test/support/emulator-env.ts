import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/**
 * For emulator-backed test files (named `*.emulator.test.ts`, counted separately by the test runner):
 * the hosts the global setup started, or null when the emulators are missing (then `describe.skipIf`).
 */
export function firestoreHost(): string | null {
  return inject('firestoreEmulatorHost');
}

export function pubsubHost(): string | null {
  return inject('pubsubEmulatorHost');
}

/** Emulators keep data per project id, so each test file (or test) isolates itself with a fresh one. */
export function uniqueProjectId(prefix: string): string {
  return `demo-${prefix}-${randomBytes(4).toString('hex')}`.toLowerCase();
}

/**
 * Points the Google client libraries at the emulators for this worker process. Every worker is its own
 * fork, so this does not leak into other test files.
 */
export function useEmulatorEnv(): void {
  const firestore = firestoreHost();
  const pubsub = pubsubHost();
  if (firestore !== null) process.env['FIRESTORE_EMULATOR_HOST'] = firestore;
  if (pubsub !== null) process.env['PUBSUB_EMULATOR_HOST'] = pubsub;
  process.env['METADATA_SERVER_DETECTION'] = 'none';
}
