import { randomBytes } from 'node:crypto';
import type { EncryptedSecret } from '../../ports/state-store.ts';
import { KEY_BYTES, decodeBase64, gcmOpen, gcmSeal } from './aes-gcm.ts';
import type { KeyEncryptionKeyProvider } from './key-provider.ts';

export interface EnvelopeOptions {
  /**
   * Context the secret is bound to (e.g. the forex account id): opening with another context fails, so a
   * sealed password copied onto another account's record is useless there.
   */
  readonly associatedData?: string;
}

/**
 * Envelope encryption: a fresh random 256-bit data key seals the plaintext with AES-256-GCM; the provider's
 * KEK wraps the data key. Rotating the KEK re-wraps 32 bytes per secret, never the secrets themselves.
 */
export async function sealSecret(
  plaintext: string | Uint8Array,
  provider: KeyEncryptionKeyProvider,
  options: EnvelopeOptions = {},
): Promise<EncryptedSecret> {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const sealed = gcmSeal(dataKey, bytes, payloadAad(options));
    const wrapped = await provider.wrapKey(dataKey);
    return {
      keyId: wrapped.keyId,
      wrappedKey: wrapped.wrappedKey,
      iv: sealed.iv.toString('base64'),
      authTag: sealed.tag.toString('base64'),
      ciphertext: sealed.ciphertext.toString('base64'),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The plaintext bytes; rejects with EnvelopeError on any tampering, wrong key or malformed field. */
export async function openSecretBytes(
  sealed: EncryptedSecret,
  provider: KeyEncryptionKeyProvider,
  options: EnvelopeOptions = {},
): Promise<Buffer> {
  const fields = {
    iv: decodeBase64(sealed.iv, 'iv'),
    tag: decodeBase64(sealed.authTag, 'authTag'),
    ciphertext: decodeBase64(sealed.ciphertext, 'ciphertext'),
  };
  const dataKey = await provider.unwrapKey({ keyId: sealed.keyId, wrappedKey: sealed.wrappedKey });
  try {
    return gcmOpen(dataKey, fields, payloadAad(options), 'secret');
  } finally {
    dataKey.fill(0);
  }
}

export async function openSecret(
  sealed: EncryptedSecret,
  provider: KeyEncryptionKeyProvider,
  options: EnvelopeOptions = {},
): Promise<string> {
  return (await openSecretBytes(sealed, provider, options)).toString('utf8');
}

function payloadAad(options: EnvelopeOptions): string {
  return `envelope-v1|${options.associatedData ?? ''}`;
}
