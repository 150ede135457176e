import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

export interface FirestoreHandle {
  readonly db: Firestore;
  close(): Promise<void>;
}

/**
 * A Firestore client on its own named firebase-admin app (no default app, no global state), so several
 * stores, projects or test files coexist in one process. With `FIRESTORE_EMULATOR_HOST` set the SDK talks
 * to the emulator and needs no credentials; in Cloud Run it uses the service account.
 */
export function openFirestore(options: { projectId: string; appName?: string }): FirestoreHandle {
  const name = options.appName ?? `engine-${options.projectId}-${Math.random().toString(36).slice(2, 10)}`;
  const app: App = initializeApp({ projectId: options.projectId }, name);
  const db = getFirestore(app);
  db.settings({ ignoreUndefinedProperties: true });
  return {
    db,
    close: async () => {
      await db.terminate();
      await deleteApp(app);
    },
  };
}
