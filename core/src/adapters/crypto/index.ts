/** Envelope encryption of stored credentials (issue 5 §4): AES-256-GCM data keys wrapped by a KEK. */
export { EnvelopeError, type EnvelopeFailureReason } from './envelope-errors.ts';
export { openSecret, openSecretBytes, sealSecret, type EnvelopeOptions } from './envelope.ts';
export type { KeyEncryptionKeyProvider, WrappedDataKey } from './key-provider.ts';
export { LocalKeyProvider } from './local-key-provider.ts';
export {
  SecretManagerKeyProvider,
  metadataServerTokenSource,
  type AccessTokenSource,
  type FetchLike,
  type SecretManagerKeyProviderOptions,
} from './secret-manager-key-provider.ts';
export { crc32c } from './crc32c.ts';
