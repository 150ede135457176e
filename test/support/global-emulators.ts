import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  emulatorsAvailable,
  startFirestoreEmulator,
  startPubSubEmulator,
  type RunningEmulator,
} from './emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    firestoreEmulatorHost: string | null;
    pubsubEmulatorHost: string | null;
    emulatorsMissingReason: string | null;
  }
}

/**
 * Vitest global setup: one Firestore and one Pub/Sub emulator for the whole run (tests isolate themselves
 * by project id). Missing gcloud/Java is announced loudly and the emulator tests skip; never pass.
 * `ENGINE_EMULATORS=off` skips them on purpose (fast unit runs).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every temp folder of this run (replay outputs, DuckDB files, runner data: hundreds of MB) lives under
  // one root that workers and child processes inherit through TMPDIR, and that teardown removes.
  const tempRoot = mkdtempSync(join(tmpdir(), 'engine-test-'));
  process.env['TMPDIR'] = tempRoot;
  const removeTemp = (): void => rmSync(tempRoot, { recursive: true, force: true });
  const running: RunningEmulator[] = [];
  const available = emulatorsAvailable();
  const reason =
    process.env['ENGINE_EMULATORS'] === 'off' ? 'ENGINE_EMULATORS=off' : available.ok ? null : available.why;
  if (reason !== null) {
    console.warn(`\n!!! EMULATOR-BACKED TESTS NOT RUN: ${reason}. They are reported as skipped. !!!\n`);
    project.provide('firestoreEmulatorHost', null);
    project.provide('pubsubEmulatorHost', null);
    project.provide('emulatorsMissingReason', reason);
    return async () => removeTemp();
  }
  const [firestore, pubsub] = await Promise.all([startFirestoreEmulator(), startPubSubEmulator()]);
  running.push(firestore, pubsub);
  project.provide('firestoreEmulatorHost', firestore.host);
  project.provide('pubsubEmulatorHost', pubsub.host);
  project.provide('emulatorsMissingReason', null);
  return async () => {
    await Promise.all(running.map((emulator) => emulator.stop()));
    removeTemp();
  };
}
