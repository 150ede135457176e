import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EnvelopeError } from './envelope-errors.ts';

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface GcmSealed {
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

/** AES-256-GCM with a fresh random 96-bit nonce per message (NIST SP 800-38D's recommended size). */
export function gcmSeal(key: Uint8Array, plaintext: Uint8Array, associatedData: string): GcmSealed {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

export function gcmOpen(key: Uint8Array, sealed: GcmSealed, associatedData: string, what: string): Buffer {
  assertKey(key);
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) {
    throw new EnvelopeError('malformed', `${what}: iv must be ${IV_BYTES} bytes and tag ${TAG_BYTES}`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (error) {
    throw new EnvelopeError('authentication_failed', `${what} failed its integrity check`, { cause: error });
  }
}

export function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES)
    throw new EnvelopeError('invalid_key', `key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/** Strict base64: Node's decoder skips junk characters, which would let an altered field pass unnoticed. */
export function decodeBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text)
    throw new EnvelopeError('malformed', `${what} is not canonical base64`);
  return bytes;
}

/** A data key wrapped as base64(iv ‖ tag ‖ ciphertext), its AAD binding it to the KEK's id. */
export function wrapWithKek(kek: Uint8Array, keyId: string, dataKey: Uint8Array): string {
  const sealed = gcmSeal(kek, dataKey, `kek-wrap-v1|${keyId}`);
  return Buffer.concat([sealed.iv, sealed.tag, sealed.ciphertext]).toString('base64');
}

export function unwrapWithKek(kek: Uint8Array, keyId: string, wrappedKey: string): Buffer {
  const bytes = decodeBase64(wrappedKey, 'wrappedKey');
  if (bytes.length !== IV_BYTES + TAG_BYTES + KEY_BYTES) {
    throw new EnvelopeError('malformed', `wrappedKey has ${bytes.length} bytes`);
  }
  const sealed = {
    iv: bytes.subarray(0, IV_BYTES),
    tag: bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    ciphertext: bytes.subarray(IV_BYTES + TAG_BYTES),
  };
  return gcmOpen(kek, sealed, `kek-wrap-v1|${keyId}`, 'wrapped data key');
}
