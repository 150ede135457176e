import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeaseStore } from '../../core/src/ports/lease-store.ts';

/** A fresh, empty lease store, plus `peer()`: another client of the same backing (another process's view). */
export interface LeaseStoreFixture {
  readonly store: LeaseStore;
  peer(): LeaseStore;
  close(): Promise<void>;
}

const TTL = 3_000;
const T0 = 1_700_000_000_000;

/** The behaviour every LeaseStore must have; run against each implementation. */
export function describeLeaseStoreContract(name: string, open: () => Promise<LeaseStoreFixture>): void {
  describe(`${name} (LeaseStore contract)`, () => {
    let fixture: LeaseStoreFixture;
    let store: LeaseStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => fixture.close());

    it('grants a free key with generation 1 and no previous owner', async () => {
      const claim = await store.claim('binance-spot:BTCUSDT', 'a', T0, TTL);
      expect(claim).toEqual({
        ok: true,
        lease: { key: 'binance-spot:BTCUSDT', owner: 'a', expiresAt: T0 + TTL, generation: 1 },
        previousOwner: null,
      });
    });

    it('refuses a live lease of another owner and names the holder', async () => {
      await store.claim('k', 'a', T0, TTL);
      const claim = await store.claim('k', 'b', T0 + TTL - 1, TTL);
      expect(claim).toEqual({
        ok: false,
        reasonCode: 'held_by_other',
        holder: { key: 'k', owner: 'a', expiresAt: T0 + TTL, generation: 1 },
      });
    });

    it('re-grants our own lease with a later expiry and the same generation', async () => {
      await store.claim('k', 'a', T0, TTL);
      const claim = await store.claim('k', 'a', T0 + 1_000, TTL);
      expect(claim.ok && claim.lease).toEqual({
        key: 'k',
        owner: 'a',
        expiresAt: T0 + 1_000 + TTL,
        generation: 1,
      });
    });

    it('lets another owner take over an expired lease and bumps the generation', async () => {
      await store.claim('k', 'a', T0, TTL);
      const claim = await store.claim('k', 'b', T0 + TTL, TTL);
      expect(claim).toEqual({
        ok: true,
        lease: { key: 'k', owner: 'b', expiresAt: T0 + 2 * TTL, generation: 2 },
        previousOwner: 'a',
      });
    });

    it('renews only while the lease is still ours', async () => {
      await store.claim('k', 'a', T0, TTL);
      expect(await store.renew('k', 'a', T0 + 1_000, TTL)).toBe(true);
      expect((await store.list()).find((l) => l.key === 'k')?.expiresAt).toBe(T0 + 1_000 + TTL);
      expect(await store.renew('k', 'b', T0 + 1_000, TTL)).toBe(false);
      await store.claim('k', 'b', T0 + 1_000 + TTL, TTL);
      expect(await store.renew('k', 'a', T0 + 1_000 + TTL, TTL)).toBe(false);
      expect((await store.list()).find((l) => l.key === 'k')?.owner).toBe('b');
    });

    it('does not renew a key that was never claimed or was released', async () => {
      expect(await store.renew('never', 'a', T0, TTL)).toBe(false);
      await store.claim('k', 'a', T0, TTL);
      await store.release('k', 'a');
      expect(await store.renew('k', 'a', T0, TTL)).toBe(false);
    });

    it('releases only its own lease', async () => {
      await store.claim('k', 'a', T0, TTL);
      await store.release('k', 'b');
      expect((await store.list()).map((l) => l.owner)).toEqual(['a']);
      await store.release('k', 'a');
      expect(await store.list()).toEqual([]);
      const again = await store.claim('k', 'b', T0, TTL);
      expect(again.ok).toBe(true);
    });

    it('lists every lease with its owner and expiry', async () => {
      await store.claim('k1', 'a', T0, TTL);
      await store.claim('k2', 'b', T0, 2 * TTL);
      const listed = [...(await store.list())].sort((x, y) => x.key.localeCompare(y.key));
      expect(listed).toEqual([
        { key: 'k1', owner: 'a', expiresAt: T0 + TTL, generation: 1 },
        { key: 'k2', owner: 'b', expiresAt: T0 + 2 * TTL, generation: 1 },
      ]);
    });

    it('lets exactly one of two concurrent claimers win a free key', async () => {
      const other = fixture.peer();
      for (let round = 0; round < 3; round++) {
        const key = `race-${round}`;
        const results = await Promise.all([store.claim(key, 'a', T0, TTL), other.claim(key, 'b', T0, TTL)]);
        const winners = results.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        const winner = winners[0]?.ok ? winners[0].lease.owner : undefined;
        const loser = results.find((r) => !r.ok);
        expect(loser?.ok === false && loser.holder.owner).toBe(winner);
        expect((await store.list()).find((l) => l.key === key)?.owner).toBe(winner);
      }
    });
  });
}
