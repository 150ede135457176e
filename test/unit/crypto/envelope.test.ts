import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EnvelopeError,
  LocalKeyProvider,
  openSecret,
  openSecretBytes,
  sealSecret,
  type EnvelopeFailureReason,
} from '../../../core/src/adapters/crypto/index.ts';
import type { EncryptedSecret } from '../../../core/src/ports/state-store.ts';

const kek = new LocalKeyProvider(randomBytes(32));

/** Flips one bit of one byte of a base64 field, keeping it canonical base64. */
function flip(field: string, index = 0): string {
  const bytes = Buffer.from(field, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

async function failure(promise: Promise<unknown>): Promise<EnvelopeFailureReason> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnvelopeError);
  return (error as EnvelopeError).reason;
}

describe('sealSecret / openSecret', () => {
  it('round-trips text, unicode and empty secrets, and bytes', async () => {
    for (const text of ['hunter2', 'pässwörd 🔐', '']) {
      expect(await openSecret(await sealSecret(text, kek), kek)).toBe(text);
    }
    const bytes = randomBytes(100);
    expect((await openSecretBytes(await sealSecret(bytes, kek), kek)).equals(bytes)).toBe(true);
  });

  it('seals the same plaintext differently each time and never stores it in clear', async () => {
    const [a, b] = [await sealSecret('hunter2', kek), await sealSecret('hunter2', kek)];
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.iv).not.toBe(b.iv);
    expect(JSON.stringify(a)).not.toContain(Buffer.from('hunter2').toString('base64'));
    expect(a.keyId).toBe(kek.keyId);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.authTag, 'base64')).toHaveLength(16);
  });

  it('detects an altered ciphertext, tag, iv or wrapped key', async () => {
    const sealed = await sealSecret('correct horse battery staple', kek);
    const tampered: EncryptedSecret[] = [
      { ...sealed, ciphertext: flip(sealed.ciphertext, 5) },
      { ...sealed, authTag: flip(sealed.authTag, 15) },
      { ...sealed, iv: flip(sealed.iv) },
      { ...sealed, wrappedKey: flip(sealed.wrappedKey, 40) },
      { ...sealed, wrappedKey: flip(sealed.wrappedKey, 0) },
    ];
    for (const secret of tampered)
      expect(await failure(openSecret(secret, kek))).toBe('authentication_failed');
  });

  it('fails with a different KEK under the same key id', async () => {
    const impostor = new LocalKeyProvider(randomBytes(32), kek.keyId);
    expect(await failure(openSecret(await sealSecret('x', kek), impostor))).toBe('authentication_failed');
  });

  it('names a key id mismatch rather than calling it tampering', async () => {
    const sealed = await sealSecret('x', kek);
    expect(await failure(openSecret(sealed, new LocalKeyProvider(randomBytes(32))))).toBe('key_id_mismatch');
    expect(await failure(openSecret({ ...sealed, keyId: 'local:0000' }, kek))).toBe('key_id_mismatch');
  });

  it('binds a secret to its associated data', async () => {
    const sealed = await sealSecret('pw', kek, { associatedData: 'forex_accounts/acc-1' });
    expect(await openSecret(sealed, kek, { associatedData: 'forex_accounts/acc-1' })).toBe('pw');
    const moved = openSecret(sealed, kek, { associatedData: 'forex_accounts/acc-2' });
    expect(await failure(moved)).toBe('authentication_failed');
    expect(await failure(openSecret(sealed, kek))).toBe('authentication_failed');
  });

  it('calls non-canonical base64 and wrong lengths malformed', async () => {
    const sealed = await sealSecret('x', kek);
    expect(await failure(openSecret({ ...sealed, ciphertext: `${sealed.ciphertext}!` }, kek))).toBe(
      'malformed',
    );
    expect(await failure(openSecret({ ...sealed, iv: Buffer.alloc(8).toString('base64') }, kek))).toBe(
      'malformed',
    );
    const shortKey = Buffer.from(sealed.wrappedKey, 'base64').subarray(0, 40).toString('base64');
    expect(await failure(openSecret({ ...sealed, wrappedKey: shortKey }, kek))).toBe('malformed');
  });

  it('refuses a KEK that is not 32 bytes', () => {
    expect(() => new LocalKeyProvider(randomBytes(16))).toThrow(EnvelopeError);
  });
});
