import { describe, expect, it } from 'vitest';
import type { WatchlistEntry } from '../../../core/src/ports/state-store.ts';
import {
  addToWatchlist,
  listTopLiquid,
  listWatchlist,
  removeFromWatchlist,
  renewWatchlistEntry,
} from '../../../functions/src/watchlist/handlers.ts';
import { ADMIN, fakeDeps, NOV_25_2026_NOON, VIEWER } from './support/fake-deps.ts';

const HOUR = 3_600_000;
const PEPE = { exchange: 'binance', market_type: 'usdm', symbol: 'PEPEUSDT' };

function topLiquid(symbol: string, rank: number): WatchlistEntry {
  return {
    exchange: 'binance',
    marketType: 'spot',
    symbol,
    kind: 'top_liquid',
    addedAt: 0,
    expiresAt: null,
    addedBy: 'system',
    priority: 1,
    enabled: true,
    rank,
  };
}

describe('watchlist add', () => {
  it('adds a manual entry that expires 24 hours later by default, added by the caller', async () => {
    const deps = fakeDeps();
    const result = await addToWatchlist(deps, ADMIN, PEPE);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        id: 'binance:usdm:PEPEUSDT',
        kind: 'manual',
        added_at: NOV_25_2026_NOON,
        expires_at: NOV_25_2026_NOON + 24 * HOUR,
        added_by: 'admin-1',
        priority: 3,
      }),
    });
    expect(await deps.store.getWatchlistEntry('binance:usdm:PEPEUSDT')).toMatchObject({ addedBy: 'admin-1' });
  });

  it('accepts the design name futures as usdm', async () => {
    const result = await addToWatchlist(fakeDeps(), ADMIN, { ...PEPE, market_type: 'futures' });
    expect(result.ok && result.value.market_type).toBe('usdm');
  });

  it.each([
    ['a symbol with lowercase letters', { symbol: 'pepeusdt' }],
    ['a one-letter symbol', { symbol: 'P' }],
    ['a symbol with a slash', { symbol: 'PEPE/USDT' }],
    ['an unknown exchange', { exchange: 'mtgox' }],
    ['an unknown market type', { market_type: 'options' }],
    ['a duration of 0 hours', { duration_hours: 0 }],
    ['a duration above 168 hours', { duration_hours: 169 }],
    ['a fractional duration', { duration_hours: 1.5 }],
    ['priority 0', { priority: 0 }],
    ['priority 6', { priority: 6 }],
    ['an unknown field', { colour: 'red' }],
  ])('rejects %s', async (_name, patch) => {
    const result = await addToWatchlist(fakeDeps(), ADMIN, { ...PEPE, ...patch });
    expect(result).toMatchObject({ ok: false, code: 'invalid-argument', reason: 'invalid_request' });
  });

  it('accepts the bounds 1 and 168 hours and priorities 1 and 5', async () => {
    const deps = fakeDeps();
    const low = await addToWatchlist(deps, ADMIN, { ...PEPE, duration_hours: 1, priority: 1 });
    const high = await addToWatchlist(deps, ADMIN, {
      ...PEPE,
      symbol: 'WIFUSDT',
      duration_hours: 168,
      priority: 5,
    });
    expect(low.ok && low.value.expires_at).toBe(NOV_25_2026_NOON + HOUR);
    expect(high.ok && high.value.expires_at).toBe(NOV_25_2026_NOON + 168 * HOUR);
  });

  it('refuses an anonymous caller and a caller without the admin claim', async () => {
    expect(await addToWatchlist(fakeDeps(), null, PEPE)).toMatchObject({ code: 'unauthenticated' });
    expect(await addToWatchlist(fakeDeps(), VIEWER, PEPE)).toMatchObject({ code: 'permission-denied' });
  });

  it('refuses a symbol already watched and one already in the top-liquid list', async () => {
    const deps = fakeDeps();
    await addToWatchlist(deps, ADMIN, PEPE);
    expect(await addToWatchlist(deps, ADMIN, PEPE)).toMatchObject({
      code: 'failed-precondition',
      reason: 'already_watched',
    });
    await deps.store.upsertWatchlistEntry(topLiquid('BTCUSDT', 1));
    const btc = { exchange: 'binance', market_type: 'spot', symbol: 'BTCUSDT' };
    expect(await addToWatchlist(deps, ADMIN, btc)).toMatchObject({ reason: 'already_top_liquid' });
  });

  it('replaces an expired entry the cleaner has not removed yet', async () => {
    const deps = fakeDeps();
    await addToWatchlist(deps, ADMIN, { ...PEPE, duration_hours: 1 });
    deps.clock.set(NOV_25_2026_NOON + 2 * HOUR);
    const again = await addToWatchlist(deps, ADMIN, PEPE);
    expect(again.ok && again.value.expires_at).toBe(NOV_25_2026_NOON + 26 * HOUR);
  });
});

describe('watchlist renew', () => {
  it('extends a live entry from its expiry, not from now', async () => {
    const deps = fakeDeps();
    await addToWatchlist(deps, ADMIN, PEPE);
    deps.clock.set(NOV_25_2026_NOON + 20 * HOUR);
    const renewed = await renewWatchlistEntry(deps, ADMIN, { ...PEPE, duration_hours: 24 });
    expect(renewed.ok && renewed.value.expires_at).toBe(NOV_25_2026_NOON + 48 * HOUR);
  });

  it('refuses to renew an expired entry, a missing one and a top-liquid one', async () => {
    const deps = fakeDeps();
    await addToWatchlist(deps, ADMIN, PEPE);
    deps.clock.set(NOV_25_2026_NOON + 24 * HOUR);
    expect(await renewWatchlistEntry(deps, ADMIN, PEPE)).toMatchObject({ reason: 'expired' });
    expect(await renewWatchlistEntry(deps, ADMIN, { ...PEPE, symbol: 'WIFUSDT' })).toMatchObject({
      code: 'not-found',
    });
    await deps.store.upsertWatchlistEntry(topLiquid('BTCUSDT', 1));
    const btc = { exchange: 'binance', market_type: 'spot', symbol: 'BTCUSDT' };
    expect(await renewWatchlistEntry(deps, ADMIN, btc)).toMatchObject({ reason: 'top_liquid_managed' });
  });

  it('refuses a renewal that would end more than 168 hours ahead', async () => {
    const deps = fakeDeps();
    await addToWatchlist(deps, ADMIN, { ...PEPE, duration_hours: 100 });
    const result = await renewWatchlistEntry(deps, ADMIN, { ...PEPE, duration_hours: 100 });
    expect(result).toMatchObject({ code: 'failed-precondition', reason: 'renewal_too_long' });
  });

  it('needs the admin claim', async () => {
    expect(await renewWatchlistEntry(fakeDeps(), VIEWER, PEPE)).toMatchObject({ code: 'permission-denied' });
  });
});

describe('watchlist remove, list and top-liquid', () => {
  it('removes a manual entry and answers not-found the second time', async () => {
    const deps = fakeDeps();
    await addToWatchlist(deps, ADMIN, PEPE);
    expect(await removeFromWatchlist(deps, ADMIN, PEPE)).toEqual({
      ok: true,
      value: { id: 'binance:usdm:PEPEUSDT', removed: true },
    });
    expect(await removeFromWatchlist(deps, ADMIN, PEPE)).toMatchObject({ code: 'not-found' });
  });

  it('leaves top-liquid entries to the updater', async () => {
    const deps = fakeDeps();
    await deps.store.upsertWatchlistEntry(topLiquid('BTCUSDT', 1));
    const btc = { exchange: 'binance', market_type: 'spot', symbol: 'BTCUSDT' };
    expect(await removeFromWatchlist(deps, ADMIN, btc)).toMatchObject({ reason: 'top_liquid_managed' });
  });

  it('lists active entries of one venue for any signed-in user and hides expired ones', async () => {
    const deps = fakeDeps();
    await addToWatchlist(deps, ADMIN, { ...PEPE, duration_hours: 1 });
    await addToWatchlist(deps, ADMIN, { ...PEPE, symbol: 'WIFUSDT' });
    await addToWatchlist(deps, ADMIN, { ...PEPE, market_type: 'spot', symbol: 'DOGEUSDT' });
    deps.clock.set(NOV_25_2026_NOON + 2 * HOUR);
    const listed = await listWatchlist(deps, VIEWER, { exchange: 'binance', market_type: 'futures' });
    expect(listed.ok && listed.value.entries.map((e) => e.symbol)).toEqual(['WIFUSDT']);
    expect(await listWatchlist(deps, null, { exchange: 'binance', market_type: 'spot' })).toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('answers the top-liquid pairs in rank order, at most 15', async () => {
    const deps = fakeDeps();
    for (let rank = 16; rank >= 1; rank -= 1) {
      await deps.store.upsertWatchlistEntry(topLiquid(`C${String(rank).padStart(2, '0')}USDT`, rank));
    }
    const result = await listTopLiquid(deps, VIEWER, { exchange: 'binance', market_type: 'spot' });
    const symbols = result.ok ? result.value.entries.map((e) => e.symbol) : [];
    expect(symbols).toHaveLength(15);
    expect(symbols[0]).toBe('C01USDT');
    expect(symbols[14]).toBe('C15USDT');
  });
});
