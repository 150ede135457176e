/**
 * Cloud Functions (2nd gen) entry point: the watchlist API (callables + REST `api`), the scheduled jobs
 * and the notification functions. Importing this module declares functions and parameters only;
 * Firebase clients and secrets are resolved on the first invocation (see production-deps.ts).
 */
import './global-options.ts';
import { lazyDeps } from './deps.ts';
import { productionDeps } from './production-deps.ts';
import { buildFunctions } from './triggers.ts';

export * from './notifications/index.ts';

export const FUNCTIONS_CODEBASE = 'engine-functions';

const functions = buildFunctions(lazyDeps(productionDeps));

export const watchlistAdd = functions.watchlistAdd;
export const watchlistRemove = functions.watchlistRemove;
export const watchlistRenew = functions.watchlistRenew;
export const watchlistList = functions.watchlistList;
export const watchlistTopLiquid = functions.watchlistTopLiquid;
export const api = functions.api;
export const watchlistCleaner = functions.watchlistCleaner;
export const topLiquidUpdater = functions.topLiquidUpdater;
export const positionReconciler = functions.positionReconciler;
export const dailySummary = functions.dailySummary;
export const reportRetention = functions.reportRetention;
