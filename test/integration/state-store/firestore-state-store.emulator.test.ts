import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FirestoreStateStore,
  openFirestore,
  type FirestoreHandle,
} from '../../../core/src/adapters/firestore/index.ts';
import { stateStoreContract } from '../../contract/state-store.contract.ts';
import { forexAccount, order, sealedSecret, trade } from '../../contract/state-store.fixtures.ts';
import { firestoreHost, uniqueProjectId, useEmulatorEnv } from '../../support/emulator-env.ts';

const skip = firestoreHost() === null;
if (!skip) useEmulatorEnv();

/** Every test gets its own emulator project, so lists never see another test's documents. */
function openStore(prefix: string): { store: FirestoreStateStore; handle: FirestoreHandle } {
  const handle = openFirestore({ projectId: uniqueProjectId(prefix) });
  return { store: new FirestoreStateStore(handle.db), handle };
}

describe.skipIf(skip)('FirestoreStateStore on the emulator', () => {
  stateStoreContract('Firestore', async () => {
    const { store, handle } = openStore('state');
    return { store, cleanup: () => handle.close() };
  });

  describe('Firestore layout', () => {
    let subject: ReturnType<typeof openStore>;
    beforeAll(() => {
      subject = openStore('state-layout');
    });
    afterAll(async () => {
      await subject.handle.close();
    });

    it('keeps forex credentials out of the public document and in private/credentials', async () => {
      await subject.store.putForexAccount(forexAccount());
      const ref = subject.handle.db.collection('forex_accounts').doc('ftmo_challenge_001');
      const publicDoc = (await ref.get()).data() ?? {};
      expect(publicDoc['ownerUid']).toBe('uid-alice');
      expect(publicDoc).not.toHaveProperty('credentials');
      expect(JSON.stringify(publicDoc)).not.toContain(sealedSecret.ciphertext);
      const secret = (await ref.collection('private').doc('credentials').get()).data();
      expect(secret).toMatchObject(sealedSecret);
    });

    it('stores each record under the documented collection and id, without undefined fields', async () => {
      await subject.store.upsertOrder(
        order({ clientOrderId: 'c-77', type: 'market', limitPrice: undefined }),
      );
      await subject.store.appendTrade(trade({ positionId: 'pos-77' }));
      const stored = await subject.handle.db.collection('orders').doc('c-77').get();
      expect(stored.exists).toBe(true);
      expect(Object.keys(stored.data() ?? {})).not.toContain('limitPrice');
      expect((await subject.handle.db.collection('trade_history').doc('pos-77').get()).get('exitTime')).toBe(
        2_000,
      );
    });

    it('refuses to hand out a malformed document', async () => {
      await subject.handle.db
        .collection('active_positions')
        .doc('bad')
        .set({ positionId: 'bad', quantity: 'x' });
      await expect(subject.store.getPosition('bad')).rejects.toThrow(
        /malformed document active_positions\/bad/,
      );
    });

    it('treats an account without its credentials document as corrupt', async () => {
      await subject.store.putForexAccount(forexAccount({ accountId: 'orphan' }));
      const ref = subject.handle.db.collection('forex_accounts').doc('orphan');
      await ref.collection('private').doc('credentials').delete();
      await expect(subject.store.getForexAccount('orphan')).rejects.toThrow(/no private\/credentials/);
    });

    it('deletes more trades than fit in one batch', async () => {
      const writer = subject.handle.db.bulkWriter();
      for (let i = 0; i < 1_001; i++) {
        void writer.set(
          subject.handle.db.collection('trade_history').doc(`bulk-${i}`),
          trade({ positionId: `bulk-${i}`, exitTime: 10 + (i % 50) }),
        );
      }
      await writer.close();
      expect(await subject.store.deleteTradesBefore(100)).toBe(1_001);
      expect(await subject.store.listTrades({ since: 0, until: 100 })).toEqual([]);
    });
  });
});
