import type { Lease } from '../../ports/lease-store.ts';

/**
 * Lease keys: one per symbol and one presence lease per instance, both in the same store
 * (`shard_leases/{key}`), so counting live instances needs no second collection.
 */
export const SYMBOL_PREFIX = 'symbol~';
export const INSTANCE_PREFIX = 'instance~';

export function symbolKey(symbol: string): string {
  return `${SYMBOL_PREFIX}${symbol}`;
}

export function instanceKey(instanceId: string): string {
  return `${INSTANCE_PREFIX}${instanceId}`;
}

export function symbolOf(key: string): string | undefined {
  return key.startsWith(SYMBOL_PREFIX) ? key.slice(SYMBOL_PREFIX.length) : undefined;
}

/** Instances whose presence lease is live at `now` (the caller itself always counts). */
export function liveInstances(leases: readonly Lease[], now: number, self: string): number {
  const live = new Set([self]);
  for (const lease of leases) {
    if (lease.key.startsWith(INSTANCE_PREFIX) && lease.expiresAt > now) live.add(lease.owner);
  }
  return live.size;
}

/** FNV-1a: a stable per-instance order of candidate symbols, so instances rarely race for the same key. */
export function spreadOrder(instanceId: string, symbol: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${instanceId}|${symbol}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
