/**
 * Cloud Functions (2nd gen) entry point: the watchlist API (callables + REST `api`) and the scheduled
 * jobs. Importing this module declares functions and parameters only; Firebase clients and secrets are
 * resolved on the first invocation (see production-deps.ts).
 */
import { setGlobalOptions } from 'firebase-functions/v2';
import { lazyDeps } from './deps.ts';
import { FUNCTIONS_REGION, FUNCTIONS_SERVICE_ACCOUNT } from './params.ts';
import { productionDeps } from './production-deps.ts';
import { buildFunctions } from './triggers.ts';

export const FUNCTIONS_CODEBASE = 'engine-functions';

setGlobalOptions({ region: FUNCTIONS_REGION, maxInstances: 10, serviceAccount: FUNCTIONS_SERVICE_ACCOUNT });

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
