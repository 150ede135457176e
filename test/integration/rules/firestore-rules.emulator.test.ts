import { readFileSync } from 'node:fs';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import { setLogLevel } from 'firebase/firestore';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { firestoreHost, uniqueProjectId } from '../../support/emulator-env.ts';

const ENGINE_COLLECTIONS = [
  'active_positions',
  'orders',
  'trade_history',
  'market_configs',
  'strategy_configs',
  'system_state',
  'shard_leases',
  'processed_events',
  'notification_log',
  'notification_batches',
  'reports',
] as const;

type Firestore = ReturnType<ReturnType<RulesTestEnvironment['unauthenticatedContext']>['firestore']>;

const ADMIN = { uid: 'root', claims: { admin: true } };
const ALICE = 'alice';
const BOB = 'bob';

function hostAndPort(): { host: string; port: number } {
  const [host, port] = String(firestoreHost()).split(':');
  return { host: host ?? '127.0.0.1', port: Number(port) };
}

async function seed(env: RulesTestEnvironment): Promise<void> {
  await env.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    for (const name of ENGINE_COLLECTIONS) await db.doc(`${name}/seeded`).set({ seeded: true });
    await db.doc('watchlists/binance:usdm:BTCUSDT').set({ symbol: 'BTCUSDT', addedBy: ALICE });
    await db.doc('watchlists/binance:usdm:ETHUSDT').set({ symbol: 'ETHUSDT', addedBy: BOB });
    await db.doc('forex_accounts/acct-1').set({ broker: 'demo', ownerUid: ALICE });
    await db.doc('forex_accounts/acct-1/private/credentials').set({ sealed: 'ciphertext' });
    await db.doc(`users/${ALICE}`).set({ displayName: 'Alice' });
    await db.doc('unlisted/doc').set({ any: 1 });
  });
}

describe.skipIf(firestoreHost() === null)('firestore.rules on the emulator', () => {
  let env: RulesTestEnvironment;
  let clients: Record<'admin' | 'alice' | 'bob' | 'anonymous', Firestore>;
  const admin = () => clients.admin;
  const alice = () => clients.alice;
  const bob = () => clients.bob;
  const anonymous = () => clients.anonymous;

  beforeAll(async () => {
    // Denied requests are the point of most tests; keep the SDK from logging each one as a warning.
    setLogLevel('error');
    env = await initializeTestEnvironment({
      projectId: uniqueProjectId('rules'),
      firestore: { ...hostAndPort(), rules: readFileSync('firestore.rules', 'utf8') },
    });
    await seed(env);
    clients = {
      admin: env.authenticatedContext(ADMIN.uid, ADMIN.claims).firestore(),
      alice: env.authenticatedContext(ALICE).firestore(),
      bob: env.authenticatedContext(BOB).firestore(),
      anonymous: env.unauthenticatedContext().firestore(),
    };
  });

  afterAll(async () => {
    await env.cleanup();
  });

  describe('engine collections', () => {
    it.each(ENGINE_COLLECTIONS)('lets an admin read %s', async (name) => {
      await assertSucceeds(admin().doc(`${name}/seeded`).get());
      await assertSucceeds(admin().collection(name).get());
    });

    it.each(ENGINE_COLLECTIONS)('refuses %s to a signed-in user without the admin claim', async (name) => {
      await assertFails(alice().doc(`${name}/seeded`).get());
      await assertFails(alice().collection(name).get());
    });

    it.each(ENGINE_COLLECTIONS)('refuses %s to an anonymous client', async (name) => {
      await assertFails(anonymous().doc(`${name}/seeded`).get());
    });

    it.each(ENGINE_COLLECTIONS)('refuses every client write to %s, admins included', async (name) => {
      await assertFails(admin().doc(`${name}/seeded`).set({ tampered: true }));
      await assertFails(admin().doc(`${name}/new`).set({ created: true }));
      await assertFails(admin().doc(`${name}/seeded`).delete());
      await assertFails(alice().doc(`${name}/new`).set({ created: true }));
    });
  });

  describe('watchlists', () => {
    it('lets a user read an entry they added', async () => {
      await assertSucceeds(alice().doc('watchlists/binance:usdm:BTCUSDT').get());
    });

    it('refuses a user an entry someone else added', async () => {
      await assertFails(alice().doc('watchlists/binance:usdm:ETHUSDT').get());
    });

    it('lets a user list the entries filtered to their own uid', async () => {
      await assertSucceeds(alice().collection('watchlists').where('addedBy', '==', ALICE).get());
    });

    it('refuses a user an unfiltered list of everyone’s entries', async () => {
      await assertFails(alice().collection('watchlists').get());
    });

    it('lets an admin list every entry', async () => {
      await assertSucceeds(admin().collection('watchlists').get());
    });

    it('refuses anonymous reads', async () => {
      await assertFails(anonymous().doc('watchlists/binance:usdm:BTCUSDT').get());
    });

    it('refuses direct writes from users and admins alike (writes go through the API)', async () => {
      await assertFails(alice().doc('watchlists/binance:usdm:SOLUSDT').set({ addedBy: ALICE }));
      await assertFails(alice().doc('watchlists/binance:usdm:BTCUSDT').update({ priority: 5 }));
      await assertFails(alice().doc('watchlists/binance:usdm:BTCUSDT').delete());
      await assertFails(admin().doc('watchlists/binance:usdm:SOLUSDT').set({ addedBy: ADMIN.uid }));
    });
  });

  describe('forex accounts', () => {
    it('lets the owner read the public account document', async () => {
      await assertSucceeds(alice().doc('forex_accounts/acct-1').get());
    });

    it('refuses the public document to another user', async () => {
      await assertFails(bob().doc('forex_accounts/acct-1').get());
    });

    it('refuses the sealed credentials to the owner', async () => {
      await assertFails(alice().doc('forex_accounts/acct-1/private/credentials').get());
    });

    it('refuses the sealed credentials to an admin client', async () => {
      await assertFails(admin().doc('forex_accounts/acct-1/private/credentials').get());
      await assertFails(admin().collection('forex_accounts/acct-1/private').get());
    });

    it('refuses writes to the account and its credentials, owner and admin alike', async () => {
      await assertFails(alice().doc('forex_accounts/acct-1').update({ broker: 'other' }));
      await assertFails(alice().doc('forex_accounts/acct-1/private/credentials').set({ sealed: 'x' }));
      await assertFails(admin().doc('forex_accounts/acct-1/private/credentials').set({ sealed: 'x' }));
    });
  });

  describe('user profiles', () => {
    it('lets a user read their own profile', async () => {
      await assertSucceeds(alice().doc(`users/${ALICE}`).get());
    });

    it('refuses another user’s profile', async () => {
      await assertFails(bob().doc(`users/${ALICE}`).get());
    });

    it('refuses writes to the profile, even by its user', async () => {
      await assertFails(alice().doc(`users/${ALICE}`).set({ displayName: 'Mallory' }));
    });
  });

  it('denies by default: a collection no rule names is closed to admins too', async () => {
    await assertFails(admin().doc('unlisted/doc').get());
    await assertFails(admin().doc('unlisted/new').set({ any: 2 }));
  });
});
