import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions } from '../../../functions/src/triggers.ts';
import { fakeDeps } from '../../unit/functions/support/fake-deps.ts';

/** The `api` onRequest function behind a real HTTP server, parsed the way the Functions framework does. */
describe('REST watchlist API', () => {
  const deps = fakeDeps();
  const { api } = buildFunctions(() => Promise.resolve(deps));
  let server: Server;
  let base = '';

  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    app.use((req, res) => void api(req as never, res as never));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function call(method: string, path: string, token?: string, body?: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const PEPE = { exchange: 'binance', market_type: 'futures', symbol: 'PEPEUSDT' };

  it('adds with an admin token, lists with a user token and removes with DELETE', async () => {
    const added = await call('POST', '/api/v1/watchlist/add', 'admin-token', PEPE);
    expect(added).toMatchObject({ status: 200, body: { id: 'binance:usdm:PEPEUSDT', added_by: 'admin-1' } });
    const listed = await call('GET', '/api/v1/watchlist?exchange=binance&market_type=usdm', 'viewer-token');
    expect(listed.status).toBe(200);
    expect(listed.body['entries']).toEqual([expect.objectContaining({ symbol: 'PEPEUSDT' })]);
    const renewed = await call('POST', '/api/v1/watchlist/renew', 'admin-token', PEPE);
    expect(renewed.status).toBe(200);
    const removed = await call('DELETE', '/api/v1/watchlist/remove', 'admin-token', PEPE);
    expect(removed).toEqual({ status: 200, body: { id: 'binance:usdm:PEPEUSDT', removed: true } });
  });

  it('routes the function-URL form without the /api prefix', async () => {
    const top = await call(
      'GET',
      '/v1/watchlist/top-liquid?exchange=binance&market_type=spot',
      'viewer-token',
    );
    expect(top).toEqual({ status: 200, body: { entries: [] } });
  });

  it.each([
    ['no token', 'POST', '/api/v1/watchlist/add', undefined, PEPE, 401, 'unauthenticated'],
    ['an unknown token', 'POST', '/api/v1/watchlist/add', 'forged', PEPE, 401, 'unauthenticated'],
    ['a non-admin token', 'POST', '/api/v1/watchlist/add', 'viewer-token', PEPE, 403, 'permission-denied'],
    [
      'a lowercase symbol',
      'POST',
      '/api/v1/watchlist/add',
      'admin-token',
      { ...PEPE, symbol: 'x' },
      400,
      'invalid-argument',
    ],
    [
      'a missing entry',
      'DELETE',
      '/api/v1/watchlist/remove',
      'admin-token',
      { ...PEPE, symbol: 'ZZZUSDT' },
      404,
      'not-found',
    ],
    ['an unknown path', 'GET', '/api/v1/nothing', 'viewer-token', undefined, 404, 'not-found'],
    ['a wrong method', 'GET', '/api/v1/watchlist/add', 'admin-token', undefined, 405, 'method-not-allowed'],
  ])(
    'answers %s with its status and a JSON error',
    async (_name, method, path, token, body, status, code) => {
      const answer = await call(method, path, token, body);
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
    },
  );

  it('answers a duplicate add with 409', async () => {
    await call('POST', '/api/v1/watchlist/add', 'admin-token', { ...PEPE, symbol: 'WIFUSDT' });
    const again = await call('POST', '/api/v1/watchlist/add', 'admin-token', { ...PEPE, symbol: 'WIFUSDT' });
    expect(again.status).toBe(409);
  });

  it('answers a bug with a bare 500 and no stack', async () => {
    const original = deps.store.listActiveWatchlist.bind(deps.store);
    deps.store.listActiveWatchlist = () => Promise.reject(new Error('at secretFunction (db.ts:12)'));
    const answer = await call('GET', '/api/v1/watchlist?exchange=binance&market_type=spot', 'viewer-token');
    deps.store.listActiveWatchlist = original;
    expect(answer).toEqual({ status: 500, body: { error: { code: 'internal', message: 'Internal error' } } });
    expect(deps.logger.entries.at(-1)).toMatchObject({ level: 'error', message: 'api failed' });
  });
});
