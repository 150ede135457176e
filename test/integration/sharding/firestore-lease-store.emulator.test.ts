import { describe } from 'vitest';
import {
  openFirestore,
  type FirestoreHandle,
} from '../../../core/src/adapters/firestore/firestore-client.ts';
import { FirestoreLeaseStore } from '../../../core/src/adapters/firestore/firestore-lease-store.ts';
import { describeLeaseStoreContract } from '../../contract/lease-store.contract.ts';
import { firestoreHost, uniqueProjectId, useEmulatorEnv } from '../../support/emulator-env.ts';

describe.skipIf(firestoreHost() === null)('FirestoreLeaseStore on the emulator', () => {
  useEmulatorEnv();
  describeLeaseStoreContract('FirestoreLeaseStore', () => {
    // A fresh project per test: empty collection; the peer is a second client, as another instance would be.
    const projectId = uniqueProjectId('leases');
    const handles: FirestoreHandle[] = [openFirestore({ projectId })];
    const first = handles[0] as FirestoreHandle;
    return Promise.resolve({
      store: new FirestoreLeaseStore(first.db),
      peer: () => {
        const handle = openFirestore({ projectId });
        handles.push(handle);
        return new FirestoreLeaseStore(handle.db);
      },
      close: async () => {
        await Promise.all(handles.map((h) => h.close()));
      },
    });
  });
});
