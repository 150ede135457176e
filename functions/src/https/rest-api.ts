import type { Caller } from '../auth.ts';
import type { FunctionDeps } from '../deps.ts';
import { httpStatusOf, INTERNAL_ERROR, type ApiResult } from '../watchlist/errors.ts';
import {
  addToWatchlist,
  listTopLiquid,
  listWatchlist,
  removeFromWatchlist,
  renewWatchlistEntry,
  type WatchlistDeps,
} from '../watchlist/handlers.ts';

/** The transport-neutral view of an HTTP request, so the router is tested without Express. */
export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
}

type Handler = (deps: WatchlistDeps, caller: Caller | null, input: unknown) => Promise<ApiResult<unknown>>;

interface Route {
  readonly method: string;
  readonly handler: Handler;
  /** GET carries its input in the query string, the others in a JSON body. */
  readonly input: 'query' | 'body';
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/v1/watchlist': { method: 'GET', handler: listWatchlist, input: 'query' },
  '/v1/watchlist/top-liquid': { method: 'GET', handler: listTopLiquid, input: 'query' },
  '/v1/watchlist/add': { method: 'POST', handler: addToWatchlist, input: 'body' },
  '/v1/watchlist/remove': { method: 'DELETE', handler: removeFromWatchlist, input: 'body' },
  '/v1/watchlist/renew': { method: 'POST', handler: renewWatchlistEntry, input: 'body' },
};

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** Deployed behind `/api/**` (Hosting rewrite) or at the function URL `/api`; both forms route. */
function routeKey(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/api/') ? trimmed.slice('/api'.length) : trimmed;
}

async function authenticate(deps: FunctionDeps, authorization: string | undefined): Promise<Caller | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1] === undefined ? null : deps.verifier.verify(match[1]);
}

export async function handleRestRequest(deps: FunctionDeps, request: RestRequest): Promise<RestResponse> {
  const route = ROUTES[routeKey(request.path)];
  if (route === undefined) return { status: 404, body: errorBody('not-found', 'No such endpoint') };
  if (route.method !== request.method) {
    return { status: 405, body: errorBody('method-not-allowed', `Use ${route.method}`) };
  }
  const caller = await authenticate(deps, request.authorization);
  const input = route.input === 'query' ? request.query : request.body;
  const result = await route.handler(deps, caller, input);
  if (result.ok) return { status: 200, body: result.value };
  return { status: httpStatusOf(result.code), body: errorBody(result.code, result.message) };
}

/** Any bug becomes a bare 500; the stack goes to the log only. */
export const INTERNAL_RESPONSE: RestResponse = {
  status: httpStatusOf(INTERNAL_ERROR.code),
  body: errorBody(INTERNAL_ERROR.code, INTERNAL_ERROR.message),
};
