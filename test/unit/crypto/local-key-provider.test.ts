import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EnvelopeError,
  LocalKeyProvider,
  openSecret,
  sealSecret,
} from '../../../core/src/adapters/crypto/index.ts';

let dir = '';
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kek-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('LocalKeyProvider', () => {
  it('creates a missing key file with mode 0600 and reads the same key back later', async () => {
    const file = path.join(dir, 'keys', 'kek.key');
    const first = await LocalKeyProvider.fromFile(file);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    const sealed = await sealSecret('secret', first);
    const second = await LocalKeyProvider.fromFile(file);
    expect(second.keyId).toBe(first.keyId);
    expect(await openSecret(sealed, second)).toBe('secret');
    expect((await fs.readdir(path.dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('gives processes racing to create the key file one and the same key', async () => {
    const file = path.join(dir, 'kek.key');
    const providers = await Promise.all(Array.from({ length: 8 }, () => LocalKeyProvider.fromFile(file)));
    expect(new Set(providers.map((p) => p.keyId)).size).toBe(1);
  });

  it('refuses a key file that others can read', async () => {
    const file = path.join(dir, 'kek.key');
    await fs.writeFile(file, randomBytes(32).toString('base64'), { mode: 0o644 });
    await fs.chmod(file, 0o644);
    await expect(LocalKeyProvider.fromFile(file)).rejects.toThrow(/chmod 600/);
  });

  it('reads a base64 key from the environment and is absent when the variable is unset', () => {
    const key = randomBytes(32);
    const provider = LocalKeyProvider.fromEnv(
      { ENGINE_SECRET_KEY: key.toString('base64') },
      'ENGINE_SECRET_KEY',
    );
    expect(provider?.keyId).toBe(new LocalKeyProvider(key).keyId);
    expect(LocalKeyProvider.fromEnv({}, 'ENGINE_SECRET_KEY')).toBeNull();
    expect(() => LocalKeyProvider.fromEnv({ K: randomBytes(16).toString('base64') }, 'K')).toThrow(
      EnvelopeError,
    );
  });

  it('derives different key ids from different keys', () => {
    const ids = new Set(Array.from({ length: 5 }, () => new LocalKeyProvider(randomBytes(32)).keyId));
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^local:[0-9a-f]{16}$/);
  });
});
