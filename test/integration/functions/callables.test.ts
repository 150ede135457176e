import functionsTest from 'firebase-functions-test';
import { HttpsError } from 'firebase-functions/v2/https';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFunctions } from '../../../functions/src/triggers.ts';
import { fakeDeps, NOV_25_2026_NOON } from '../../unit/functions/support/fake-deps.ts';

const testEnv = functionsTest({ projectId: 'demo-functions-callables' });
afterAll(() => testEnv.cleanup());

const PEPE = { exchange: 'binance', market_type: 'futures', symbol: 'PEPEUSDT' };

function authOf(uid: string, claims: Record<string, unknown>) {
  // The SDK passes the decoded ID token; handlers only read uid and the admin claim.
  return { uid, token: { uid, ...claims } as never, rawToken: 'raw' };
}

async function thrown(promise: Promise<unknown>): Promise<HttpsError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof HttpsError) return error;
    throw error;
  }
  throw new Error('expected an HttpsError');
}

describe('watchlist callables (firebase-functions-test wrap)', () => {
  const deps = fakeDeps();
  const fns = buildFunctions(() => Promise.resolve(deps));
  const add = testEnv.wrap(fns.watchlistAdd);
  const list = testEnv.wrap(fns.watchlistList);
  const renew = testEnv.wrap(fns.watchlistRenew);
  const remove = testEnv.wrap(fns.watchlistRemove);
  const top = testEnv.wrap(fns.watchlistTopLiquid);

  it('adds for an admin and lists for a plain user', async () => {
    const added = await add({ data: PEPE, auth: authOf('alice', { admin: true }) } as never);
    expect(added).toMatchObject({ id: 'binance:usdm:PEPEUSDT', added_by: 'alice' });
    const listed = await list({
      data: { exchange: 'binance', market_type: 'usdm' },
      auth: authOf('bob', {}),
    } as never);
    expect(listed).toEqual({ entries: [expect.objectContaining({ symbol: 'PEPEUSDT' })] });
  });

  it('maps failures to callable codes with the reason in details', async () => {
    const noAuth = await thrown(Promise.resolve(add({ data: PEPE } as never)));
    expect(noAuth.code).toBe('unauthenticated');
    const notAdmin = await thrown(
      Promise.resolve(add({ data: PEPE, auth: authOf('bob', { admin: 'true' }) } as never)),
    );
    expect(notAdmin.code).toBe('permission-denied');
    const invalid = await thrown(
      Promise.resolve(
        add({ data: { ...PEPE, symbol: 'pepe' }, auth: authOf('alice', { admin: true }) } as never),
      ),
    );
    expect(invalid.code).toBe('invalid-argument');
    expect(invalid.message).toContain('symbol');
    const duplicate = await thrown(
      Promise.resolve(add({ data: PEPE, auth: authOf('alice', { admin: true }) } as never)),
    );
    expect(duplicate).toMatchObject({ code: 'failed-precondition', details: { reason: 'already_watched' } });
    const missing = await thrown(
      Promise.resolve(
        remove({ data: { ...PEPE, symbol: 'WIFUSDT' }, auth: authOf('alice', { admin: true }) } as never),
      ),
    );
    expect(missing.code).toBe('not-found');
  });

  it('renews through the callable from the current expiry', async () => {
    deps.clock.set(NOV_25_2026_NOON + 3_600_000);
    const renewed = await renew({
      data: { ...PEPE, duration_hours: 2 },
      auth: authOf('alice', { admin: true }),
    } as never);
    expect(renewed).toMatchObject({ expires_at: NOV_25_2026_NOON + 26 * 3_600_000 });
  });

  it('answers an empty top-liquid list before the first update', async () => {
    const answer = await top({
      data: { exchange: 'binance', market_type: 'spot' },
      auth: authOf('bob', {}),
    } as never);
    expect(answer).toEqual({ entries: [] });
  });

  it('turns a bug into internal without details or stack', async () => {
    const broken = fakeDeps();
    broken.store.getWatchlistEntry = () => Promise.reject(new Error('secret connection string'));
    const brokenAdd = testEnv.wrap(buildFunctions(() => Promise.resolve(broken)).watchlistAdd);
    const error = await thrown(
      Promise.resolve(brokenAdd({ data: PEPE, auth: authOf('alice', { admin: true }) } as never)),
    );
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Internal error');
    expect(error.details).toBeUndefined();
    expect(broken.logger.entries).toEqual([
      expect.objectContaining({
        level: 'error',
        context: expect.objectContaining({ stack: expect.stringContaining('secret connection string') }),
      }),
    ]);
  });
});
