/**
 * Expected failures of the API as values. One code list serves both transports: callables map it to
 * `HttpsError` codes, the REST endpoint to HTTP statuses. `internal` never carries details to the caller.
 */
export type ApiErrorCode =
  | 'invalid-argument'
  | 'unauthenticated'
  | 'permission-denied'
  | 'not-found'
  | 'failed-precondition'
  | 'internal';

export interface ApiError {
  readonly ok: false;
  readonly code: ApiErrorCode;
  /** Stable machine-readable reason, e.g. `already_watched`. */
  readonly reason: string;
  readonly message: string;
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | ApiError;

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, reason: string, message: string): ApiError {
  return { ok: false, code, reason, message };
}

const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  'invalid-argument': 400,
  unauthenticated: 401,
  'permission-denied': 403,
  'not-found': 404,
  'failed-precondition': 409,
  internal: 500,
};

export function httpStatusOf(code: ApiErrorCode): number {
  return HTTP_STATUS[code];
}

/** The generic answer for a bug: the caller learns nothing about the internals. */
export const INTERNAL_ERROR: ApiError = fail('internal', 'internal', 'Internal error');
