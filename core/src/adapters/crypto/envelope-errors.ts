/**
 * Why a secret could not be sealed or opened. Stable codes: callers branch on them, logs group by them.
 * - `authentication_failed`: the ciphertext, tag, wrapped key or associated data was altered, or the KEK
 *   under that key id is not the one that sealed it.
 * - `key_id_mismatch`: the secret names a key this provider does not hold.
 * - `malformed`: a field is not canonical base64 or has the wrong length.
 * - `key_unavailable`: the key source failed (HTTP error, checksum mismatch, missing file).
 * - `invalid_key`: the key material is not 32 bytes.
 */
export type EnvelopeFailureReason =
  'authentication_failed' | 'key_id_mismatch' | 'malformed' | 'key_unavailable' | 'invalid_key';

export class EnvelopeError extends Error {
  constructor(
    readonly reason: EnvelopeFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${message}`, options);
    this.name = 'EnvelopeError';
  }
}
