/**
 * A key-encryption key (KEK) source for envelope encryption. The KEK never leaves the provider's reach in
 * the sealed record: only the data key, wrapped by the KEK, is stored, together with the KEK's id.
 */
export interface WrappedDataKey {
  /** Which KEK wrapped it (a local key fingerprint, a Secret Manager version name). */
  readonly keyId: string;
  /** base64 */
  readonly wrappedKey: string;
}

export interface KeyEncryptionKeyProvider {
  /** Wraps with the current KEK. */
  wrapKey(dataKey: Uint8Array): Promise<WrappedDataKey>;
  /** Unwraps with the KEK named by `keyId`; rejects with EnvelopeError (`key_id_mismatch` when not held). */
  unwrapKey(wrapped: WrappedDataKey): Promise<Buffer>;
}
