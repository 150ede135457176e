import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { KEY_BYTES, assertKey, decodeBase64, unwrapWithKek, wrapWithKek } from './aes-gcm.ts';
import { EnvelopeError } from './envelope-errors.ts';
import type { KeyEncryptionKeyProvider, WrappedDataKey } from './key-provider.ts';

/**
 * The embedded default KEK: 32 bytes held locally (a key file or an environment variable, base64). The
 * key id is a fingerprint of the key, so a secret sealed under another local key says so
 * (`key_id_mismatch`) instead of failing as tampered.
 */
export class LocalKeyProvider implements KeyEncryptionKeyProvider {
  readonly keyId: string;
  private readonly key: Buffer;

  constructor(key: Uint8Array, keyId?: string) {
    assertKey(key);
    this.key = Buffer.from(key);
    this.keyId =
      keyId ??
      `local:${createHash('sha256').update('kek-id-v1').update(this.key).digest('hex').slice(0, 16)}`;
  }

  static fromBase64(encoded: string, what = 'local key'): LocalKeyProvider {
    const key = decodeBase64(encoded.trim(), what);
    if (key.length !== KEY_BYTES)
      throw new EnvelopeError('invalid_key', `${what} must hold ${KEY_BYTES} bytes`);
    return new LocalKeyProvider(key);
  }

  /** From an environment variable (e.g. `ENGINE_SECRET_KEY`); null when it is unset or empty. */
  static fromEnv(env: Readonly<Record<string, string | undefined>>, name: string): LocalKeyProvider | null {
    const value = env[name];
    return value === undefined || value.trim() === '' ? null : LocalKeyProvider.fromBase64(value, name);
  }

  /**
   * Reads the key file, creating it with a random key and mode 0600 when absent. A key file others can
   * read is refused.
   */
  static async fromFile(filePath: string): Promise<LocalKeyProvider> {
    await createKeyFileIfAbsent(filePath);
    const stat = await fs.stat(filePath);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new EnvelopeError(
        'key_unavailable',
        `key file ${filePath} is accessible to others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`,
      );
    }
    return LocalKeyProvider.fromBase64(await fs.readFile(filePath, 'utf8'), `key file ${filePath}`);
  }

  async wrapKey(dataKey: Uint8Array): Promise<WrappedDataKey> {
    return { keyId: this.keyId, wrappedKey: wrapWithKek(this.key, this.keyId, dataKey) };
  }

  async unwrapKey(wrapped: WrappedDataKey): Promise<Buffer> {
    if (wrapped.keyId !== this.keyId) {
      throw new EnvelopeError(
        'key_id_mismatch',
        `sealed under ${wrapped.keyId}, this provider holds ${this.keyId}`,
      );
    }
    return unwrapWithKek(this.key, this.keyId, wrapped.wrappedKey);
  }
}

/**
 * Writes a complete key to a private temporary file, then hard-links it into place: the link either
 * appears whole or fails with EEXIST, so two processes starting together never read a half-written key
 * and both end up with the same one.
 */
async function createKeyFileIfAbsent(filePath: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(filePath)), { recursive: true, mode: 0o700 });
  const temporary = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    await fs.link(temporary, filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new EnvelopeError('key_unavailable', `cannot create key file ${filePath}`, { cause: error });
    }
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
