import type { DocumentSnapshot } from 'firebase-admin/firestore';
import type { ForexAccountRecord } from '../../ports/state-store.ts';
import { parseEncryptedSecret, parseForexAccountPublic } from './state-schemas.ts';

/**
 * `forex_accounts/{accountId}` holds the public fields (readable by the owner through security rules);
 * the sealed credentials live in `forex_accounts/{accountId}/private/credentials`, which no client rule
 * opens, so a rules mistake on the public document can never leak even the ciphertext.
 */
export const PRIVATE_COLLECTION = 'private';
export const CREDENTIALS_DOC = 'credentials';

export function publicForexFields(account: Record<string, unknown>): Record<string, unknown> {
  const { credentials: _credentials, ...publicFields } = account;
  return publicFields;
}

/** A public document without its credentials document is corrupt state (they are written in one batch). */
export function joinForexAccount(
  account: DocumentSnapshot,
  secret: DocumentSnapshot | undefined,
): ForexAccountRecord {
  if (secret === undefined || !secret.exists) {
    throw new Error(
      `forex account ${account.ref.path} has no ${PRIVATE_COLLECTION}/${CREDENTIALS_DOC} document`,
    );
  }
  return {
    ...parseForexAccountPublic(account.data(), account.ref.path),
    credentials: parseEncryptedSecret(secret.data(), secret.ref.path),
  };
}
