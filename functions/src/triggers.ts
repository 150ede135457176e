import { HttpsError, onCall, onRequest, type CallableRequest } from 'firebase-functions/v2/https';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { callerFromClaims, type Caller } from './auth.ts';
import type { DepsProvider, FunctionDeps } from './deps.ts';
import { runDailySummary, runReportRetention } from './jobs/daily-summary.ts';
import { reconcileVenue } from './jobs/position-reconciler.ts';
import { updateTopLiquid } from './jobs/top-liquid.ts';
import { cloudLogger } from './logger.ts';
import { binanceApiKey, binanceApiSecret } from './params.ts';
import { handleRestRequest, INTERNAL_RESPONSE } from './https/rest-api.ts';
import { INTERNAL_ERROR, type ApiResult } from './watchlist/errors.ts';
import {
  addToWatchlist,
  listTopLiquid,
  listWatchlist,
  removeFromWatchlist,
  renewWatchlistEntry,
  type WatchlistDeps,
} from './watchlist/handlers.ts';

type Handler<T> = (deps: WatchlistDeps, caller: Caller | null, input: unknown) => Promise<ApiResult<T>>;

function callerOf(request: CallableRequest): Caller | null {
  return request.auth ? callerFromClaims(request.auth.uid, request.auth.token) : null;
}

/** The stack goes to the log only; when the dependencies themselves failed, to Cloud Logging directly. */
function logBug(resolved: FunctionDeps | undefined, message: string, error: unknown): void {
  const stack = error instanceof Error ? error.stack : undefined;
  (resolved?.logger ?? cloudLogger).log('error', message, { error: String(error), stack });
}

/** A callable around a pure handler: failures become `HttpsError`s, bugs a detail-free `internal`. */
function callable<T>(deps: DepsProvider, handler: Handler<T>) {
  return onCall(async (request: CallableRequest<unknown>): Promise<T> => {
    let result: ApiResult<T>;
    let resolved: FunctionDeps | undefined;
    try {
      resolved = await deps();
      result = await handler(resolved, callerOf(request), request.data);
    } catch (error: unknown) {
      logBug(resolved, 'callable failed', error);
      throw new HttpsError(INTERNAL_ERROR.code, INTERNAL_ERROR.message);
    }
    if (result.ok) return result.value;
    throw new HttpsError(result.code, result.message, { reason: result.reason });
  });
}

const DAILY = { timeZone: 'UTC', retryCount: 1 } as const;

async function refreshTopLiquid(deps: FunctionDeps): Promise<void> {
  const failures: string[] = [];
  for (const marketType of deps.topLiquidMarkets) {
    try {
      await updateTopLiquid(deps, marketType);
    } catch (error: unknown) {
      // One market failing keeps yesterday's list there and must not block the others.
      deps.logger.log('error', 'top-liquid update failed', { marketType, error: String(error) });
      failures.push(marketType);
    }
  }
  if (failures.length > 0) throw new Error(`top-liquid update failed for ${failures.join(', ')}`);
}

async function reconcileAll(deps: FunctionDeps): Promise<void> {
  for (const binding of await deps.venueBindings()) await reconcileVenue(deps, binding);
}

/** Every deployable function, bound to one dependency provider (production or a test's fakes). */
export function buildFunctions(deps: DepsProvider) {
  return {
    watchlistAdd: callable(deps, addToWatchlist),
    watchlistRemove: callable(deps, removeFromWatchlist),
    watchlistRenew: callable(deps, renewWatchlistEntry),
    watchlistList: callable(deps, listWatchlist),
    watchlistTopLiquid: callable(deps, listTopLiquid),

    api: onRequest(async (request, response) => {
      let resolved: FunctionDeps | undefined;
      try {
        resolved = await deps();
        const answer = await handleRestRequest(resolved, {
          method: request.method,
          path: request.path,
          authorization: request.get('authorization'),
          query: request.query,
          body: request.body as unknown,
        });
        response.status(answer.status).json(answer.body);
      } catch (error: unknown) {
        logBug(resolved, 'api failed', error);
        response.status(INTERNAL_RESPONSE.status).json(INTERNAL_RESPONSE.body);
      }
    }),

    watchlistCleaner: onSchedule({ ...DAILY, schedule: '0 0 * * *' }, async () => {
      const resolved = await deps();
      const removed = await resolved.store.removeExpiredWatchlist(resolved.clock.now());
      resolved.logger.log('info', 'expired watchlist entries removed', { removed });
    }),
    topLiquidUpdater: onSchedule({ ...DAILY, schedule: '0 0 * * *' }, async () => {
      await refreshTopLiquid(await deps());
    }),
    positionReconciler: onSchedule(
      { schedule: 'every 5 minutes', timeZone: 'UTC', secrets: [binanceApiKey, binanceApiSecret] },
      async () => {
        await reconcileAll(await deps());
      },
    ),
    dailySummary: onSchedule({ ...DAILY, schedule: '5 0 * * *' }, async () => {
      const resolved = await deps();
      await runDailySummary({ ...resolved, sink: resolved.reportSink, index: resolved.reportIndex });
    }),
    reportRetention: onSchedule({ ...DAILY, schedule: '30 1 * * *' }, async () => {
      const resolved = await deps();
      await runReportRetention(
        { ...resolved, sink: resolved.reportSink, index: resolved.reportIndex },
        resolved.retentionDays,
      );
    }),
  };
}
