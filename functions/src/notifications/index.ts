/**
 * Notification functions (design 2.2.0.2 / 5.4). Only deployable functions are exported here, because
 * functions/src/index.ts re-exports this module; handlers live in handlers.ts.
 */
import { productionNotificationDeps } from './production-deps.ts';
import { buildNotificationFunctions, lazyNotificationDeps } from './triggers.ts';

const notifications = buildNotificationFunctions(lazyNotificationDeps(productionNotificationDeps));

export const notifyOnAlert = notifications.notifyOnAlert;
export const notifyOnFill = notifications.notifyOnFill;
export const notifyOnPosition = notifications.notifyOnPosition;
export const flushWarningBatch = notifications.flushWarningBatch;
export const dailyDigest = notifications.dailyDigest;
