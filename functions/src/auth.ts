import { fail, type ApiError } from './watchlist/errors.ts';

/** Who is calling, as established by the transport (callable auth context or a verified ID token). */
export interface Caller {
  readonly uid: string;
  /** Custom claim `admin === true`; only admins may change the watchlist. */
  readonly admin: boolean;
}

/** Verifies a Firebase ID token; production uses firebase-admin auth, tests a fake map. */
export interface TokenVerifier {
  verify(idToken: string): Promise<Caller | null>;
}

export function callerFromClaims(uid: string, claims: Readonly<Record<string, unknown>>): Caller {
  return { uid, admin: claims['admin'] === true };
}

export function requireCaller(caller: Caller | null): Caller | ApiError {
  return caller === null ? fail('unauthenticated', 'unauthenticated', 'Sign-in required') : caller;
}

export function requireAdmin(caller: Caller | null): Caller | ApiError {
  const known = requireCaller(caller);
  if ('ok' in known) return known;
  return known.admin ? known : fail('permission-denied', 'admin_required', 'Admin claim required');
}

export function isApiError(value: Caller | ApiError): value is ApiError {
  return 'ok' in value;
}
