/**
 * Symbol shard leases (Firestore in production, in memory for one embedded instance). A lease is claimed
 * in a transaction: free, expired or already ours → ours; held by a live owner → refused. Times are epoch
 * ms from the injected clock; `expiresAt` is absolute.
 */
export interface Lease {
  readonly key: string;
  readonly owner: string;
  readonly expiresAt: number;
  /** Bumped on every change of owner, so a stale holder can tell it was taken over. */
  readonly generation: number;
}

export type LeaseClaim =
  | { readonly ok: true; readonly lease: Lease; readonly previousOwner: string | null }
  | { readonly ok: false; readonly reasonCode: 'held_by_other'; readonly holder: Lease };

export interface LeaseStore {
  claim(key: string, owner: string, now: number, ttlMs: number): Promise<LeaseClaim>;
  /** Extends a lease we still hold; false when it expired and someone else took it. */
  renew(key: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
  list(): Promise<readonly Lease[]>;
}
