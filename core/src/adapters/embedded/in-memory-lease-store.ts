import type { Lease, LeaseClaim, LeaseStore } from '../../ports/lease-store.ts';

/**
 * Shard leases for one embedded process (or several coordinators in one test). Same rules as the
 * Firestore store: a free, expired or own lease is claimable; the generation moves on every change of owner.
 */
export class InMemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, Lease>();

  claim(key: string, owner: string, now: number, ttlMs: number): Promise<LeaseClaim> {
    return Promise.resolve(this.claimSync(key, owner, now, ttlMs));
  }

  renew(key: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const current = this.leases.get(key);
    if (current?.owner !== owner) return Promise.resolve(false);
    this.leases.set(key, { ...current, expiresAt: now + ttlMs });
    return Promise.resolve(true);
  }

  release(key: string, owner: string): Promise<void> {
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
    return Promise.resolve();
  }

  list(): Promise<readonly Lease[]> {
    return Promise.resolve([...this.leases.values()]);
  }

  private claimSync(key: string, owner: string, now: number, ttlMs: number): LeaseClaim {
    const current = this.leases.get(key);
    const decision = decideClaim(current, key, owner, now, ttlMs);
    if (decision.ok) this.leases.set(key, decision.lease);
    return decision;
  }
}

/**
 * The claim rule both stores share: free, expired or ours → ours (generation + 1 when the owner changes);
 * a live lease of someone else is refused with its holder.
 */
export function decideClaim(
  current: Lease | undefined,
  key: string,
  owner: string,
  now: number,
  ttlMs: number,
): LeaseClaim {
  if (current === undefined) {
    return { ok: true, lease: { key, owner, expiresAt: now + ttlMs, generation: 1 }, previousOwner: null };
  }
  if (current.owner !== owner && current.expiresAt > now) {
    return { ok: false, reasonCode: 'held_by_other', holder: current };
  }
  const changed = current.owner !== owner;
  return {
    ok: true,
    lease: {
      key,
      owner,
      expiresAt: now + ttlMs,
      generation: changed ? current.generation + 1 : current.generation,
    },
    previousOwner: changed ? current.owner : null,
  };
}
