import { z } from 'zod';
import { parseConfig } from '../parse-config.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Max hold time per strategy (design 2.2.5 "max_hold_times": scalping 30 min, meme coins 24 h, arbitrage
 * 4 h). Times are ms of event time; the YAML's minutes and hours are converted here so every risk window
 * uses one unit. A position is closed once it has been held for at least its limit.
 */
export const holdConfigSchema = z
  .object({
    /** The manager skips the check entirely when false. */
    enabled: z.boolean().default(true),
    maxHoldMs: z
      .object({
        scalping: z
          .number()
          .int()
          .positive()
          .default(30 * MINUTE_MS),
        meme: z
          .number()
          .int()
          .positive()
          .default(24 * HOUR_MS),
        arbitrage: z
          .number()
          .int()
          .positive()
          .default(4 * HOUR_MS),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type HoldConfig = z.infer<typeof holdConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseHoldConfig(input: unknown): HoldConfig {
  return parseConfig(holdConfigSchema, input, 'hold');
}

export const defaultHoldConfig: HoldConfig = parseHoldConfig({});
