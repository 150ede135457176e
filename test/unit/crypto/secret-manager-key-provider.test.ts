import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EnvelopeError,
  SecretManagerKeyProvider,
  crc32c,
  metadataServerTokenSource,
  openSecret,
  sealSecret,
} from '../../../core/src/adapters/crypto/index.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';

/** A local stand-in for Secret Manager's `versions/*:access` and the metadata server's token endpoint. */
interface FakeState {
  versions: Map<number, Buffer>;
  latest: number;
  requests: string[];
  corruptChecksum: boolean;
  status: number;
}
const fake: FakeState = { versions: new Map(), latest: 1, requests: [], corruptChecksum: false, status: 200 };
let server: http.Server;
let endpoint = '';

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    fake.requests.push(url);
    if (url.startsWith('/computeMetadata/')) {
      if (req.headers['metadata-flavor'] !== 'Google') return reply(res, 403, {});
      return reply(res, 200, { access_token: `token-${fake.requests.length}`, expires_in: 3599 });
    }
    if (req.headers.authorization !== 'Bearer test-token')
      return reply(res, 401, { error: 'unauthenticated' });
    if (fake.status !== 200) return reply(res, fake.status, { error: 'denied' });
    const match = /^\/v1\/projects\/[^/]+\/secrets\/kek\/versions\/(latest|\d+):access$/.exec(url);
    const version = match?.[1] === 'latest' ? fake.latest : Number(match?.[1]);
    const data = fake.versions.get(version);
    if (data === undefined) return reply(res, 404, { error: 'not found' });
    const checksum = crc32c(data) + (fake.corruptChecksum ? 1 : 0);
    reply(res, 200, {
      name: `projects/1234/secrets/kek/versions/${version}`,
      payload: { data: data.toString('base64'), dataCrc32c: String(checksum) },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  fake.versions = new Map([
    [1, randomBytes(32)],
    [2, Buffer.from(`${randomBytes(32).toString('base64')}\n`)],
  ]);
  fake.latest = 1;
  fake.requests = [];
  fake.corruptChecksum = false;
  fake.status = 200;
});

function provider(
  clock = new ManualClock(0),
  secret = 'projects/my-proj/secrets/kek',
): SecretManagerKeyProvider {
  return new SecretManagerKeyProvider({ secret, endpoint, clock, accessToken: async () => 'test-token' });
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnvelopeError);
  return (error as EnvelopeError).reason;
}

describe('SecretManagerKeyProvider', () => {
  it('wraps with the latest version, names it in the key id, and fetches each version once', async () => {
    const kek = provider();
    const sealed = await Promise.all([sealSecret('a', kek), sealSecret('b', kek)]);
    expect(sealed[0].keyId).toBe('gsm:projects/1234/secrets/kek/versions/1');
    expect(await openSecret(sealed[1], kek)).toBe('b');
    expect(fake.requests).toEqual(['/v1/projects/my-proj/secrets/kek/versions/latest:access']);
  });

  it('moves to a rotated version after the latest TTL and still opens older secrets', async () => {
    const clock = new ManualClock(0);
    const kek = provider(clock);
    const old = await sealSecret('old', kek);
    fake.latest = 2;
    expect((await sealSecret('x', kek)).keyId).toMatch(/versions\/1$/);
    clock.set(600_000);
    const rotated = await sealSecret('new', kek);
    expect(rotated.keyId).toBe('gsm:projects/1234/secrets/kek/versions/2');
    const fresh = provider();
    expect(await openSecret(old, fresh)).toBe('old');
    expect(await openSecret(rotated, fresh)).toBe('new');
    expect(fake.requests.slice(-2)).toEqual([
      '/v1/projects/1234/secrets/kek/versions/1:access',
      '/v1/projects/1234/secrets/kek/versions/2:access',
    ]);
  });

  it('refuses key ids of another secret or another provider', async () => {
    const sealed = await sealSecret('x', provider());
    const otherSecret = provider(new ManualClock(0), 'projects/my-proj/secrets/other');
    expect(await reason(openSecret(sealed, otherSecret))).toBe('key_id_mismatch');
    expect(await reason(openSecret({ ...sealed, keyId: 'local:abc' }, provider()))).toBe('key_id_mismatch');
  });

  it('detects a swapped version key as tampering', async () => {
    const sealed = await sealSecret('x', provider());
    const forged = { ...sealed, keyId: 'gsm:projects/1234/secrets/kek/versions/2' };
    expect(await reason(openSecret(forged, provider()))).toBe('authentication_failed');
  });

  it('reports HTTP errors and checksum mismatches as key_unavailable, and retries later', async () => {
    fake.status = 403;
    const kek = provider();
    expect(await reason(sealSecret('x', kek))).toBe('key_unavailable');
    fake.status = 200;
    fake.corruptChecksum = true;
    expect(await reason(sealSecret('x', kek))).toBe('key_unavailable');
    fake.corruptChecksum = false;
    expect(await openSecret(await sealSecret('x', kek), kek)).toBe('x');
  });

  it('refuses a secret that does not hold a 32-byte key', async () => {
    fake.versions.set(3, Buffer.from('too short'));
    fake.latest = 3;
    expect(await reason(sealSecret('x', provider()))).toBe('invalid_key');
  });

  it('rejects a secret name that is not projects/*/secrets/*', () => {
    expect(() => provider(new ManualClock(0), 'projects/p/secrets/kek/versions/1')).toThrow(TypeError);
  });
});

describe('metadataServerTokenSource', () => {
  it('asks the metadata server with its header and caches the token until a minute before expiry', async () => {
    const clock = new ManualClock(0);
    const token = metadataServerTokenSource({ clock, endpoint });
    const first = await token();
    expect(await token()).toBe(first);
    clock.set(3_538_000);
    expect(await token()).toBe(first);
    clock.set(3_539_000);
    expect(await token()).not.toBe(first);
    expect(fake.requests.filter((url) => url.includes('service-accounts/default/token'))).toHaveLength(2);
  });
});
