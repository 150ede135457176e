import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import type { Lease, LeaseClaim, LeaseStore } from '../../ports/lease-store.ts';
import { decideClaim } from '../embedded/in-memory-lease-store.ts';

export const SHARD_LEASES = 'shard_leases';

/**
 * Shard leases in `shard_leases/{key}`. Every change runs in a Firestore transaction, so two instances
 * racing for one key serialise on the document and exactly one of them wins; times come from the caller's
 * clock (epoch ms), never from the server, so the rule is the same as the in-memory store's.
 */
export class FirestoreLeaseStore implements LeaseStore {
  constructor(private readonly db: Firestore) {}

  claim(key: string, owner: string, now: number, ttlMs: number): Promise<LeaseClaim> {
    const ref = this.ref(key);
    return this.db.runTransaction(async (tx) => {
      const current = parseLease(key, (await tx.get(ref)).data());
      const decision = decideClaim(current, key, owner, now, ttlMs);
      if (decision.ok) tx.set(ref, { ...decision.lease, updatedAt: now });
      return decision;
    });
  }

  renew(key: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const ref = this.ref(key);
    return this.db.runTransaction(async (tx) => {
      const current = parseLease(key, (await tx.get(ref)).data());
      // Owner unchanged means nobody took it over in between: a takeover writes its own owner.
      if (current?.owner !== owner) return false;
      tx.update(ref, { expiresAt: now + ttlMs, updatedAt: now });
      return true;
    });
  }

  release(key: string, owner: string): Promise<void> {
    const ref = this.ref(key);
    return this.db.runTransaction(async (tx) => {
      const current = parseLease(key, (await tx.get(ref)).data());
      if (current?.owner === owner) tx.delete(ref);
    });
  }

  async list(): Promise<readonly Lease[]> {
    const snapshot = await this.db.collection(SHARD_LEASES).get();
    const leases: Lease[] = [];
    for (const doc of snapshot.docs) {
      const lease = parseLease(doc.id, doc.data());
      if (lease) leases.push(lease);
    }
    return leases;
  }

  private ref(key: string): DocumentReference {
    if (key.length === 0 || key.includes('/')) throw new Error(`lease key ${JSON.stringify(key)}: no '/'`);
    return this.db.collection(SHARD_LEASES).doc(key);
  }
}

/** A stored lease document, or undefined when missing or malformed (a malformed one is claimable). */
function parseLease(key: string, data: unknown): Lease | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const { owner, expiresAt, generation } = record;
  if (typeof owner !== 'string' || typeof expiresAt !== 'number' || typeof generation !== 'number') {
    return undefined;
  }
  return { key: typeof record['key'] === 'string' ? record['key'] : key, owner, expiresAt, generation };
}
