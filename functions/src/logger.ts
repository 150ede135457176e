import { logger as functionsLogger } from 'firebase-functions/logger';
import type { Logger } from '@engine/core/ports/logger';

const severity = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' } as const;

/** Structured Cloud Logging entries: the context becomes JSON fields, not part of the message. */
export const cloudLogger: Logger = {
  log: (level, message, context) => functionsLogger.write({ severity: severity[level], message, ...context }),
};
