import { z } from 'zod';
import { parseConfig } from '../parse-config.ts';

/**
 * Daily drawdown circuit breaker (design 2.2.5 component 4 and its YAML `drawdown_levels`). Levels are
 * fractions of the equity at 00:00 UTC (0.02 = 2%), equity including unrealized P&L.
 *
 * `blockEntriesFrom`: the design's table blocks entries only at 5% ("close all + STOP TRADING") while its
 * worked example (-4.2%) and the issue's acceptance ("-4.2% day -> close all and block") block at 4%. The
 * default follows the example and the acceptance (`critical`); `circuit_breaker` gives the table's reading.
 */
export const breakerConfigSchema = z
  .object({
    /** The manager skips the breaker entirely when false. */
    enabled: z.boolean().default(true),
    levels: z
      .object({
        /** Alert: log a warning, notify. */
        alert: z.number().gt(0).lt(1).default(0.02),
        /** Warning: close the worst `closeShareAtWarning` of the open positions. */
        warning: z.number().gt(0).lt(1).default(0.03),
        /** Critical: close every position. */
        critical: z.number().gt(0).lt(1).default(0.04),
        /** Circuit breaker: close every position and stop trading until the next 00:00 UTC. */
        circuitBreaker: z.number().gt(0).lt(1).default(0.05),
      })
      .strict()
      .prefault({})
      .superRefine((levels, ctx) => {
        const order = [levels.alert, levels.warning, levels.critical, levels.circuitBreaker];
        const names = ['alert', 'warning', 'critical', 'circuitBreaker'] as const;
        for (let i = 1; i < order.length; i++) {
          if ((order[i] ?? 0) <= (order[i - 1] ?? 0)) {
            ctx.addIssue({
              code: 'custom',
              path: [names[i] ?? ''],
              message: `must be above ${names[i - 1] ?? ''}`,
            });
          }
        }
      }),
    /** Share of open positions (worst unrealized P&L % first, rounded up) closed at the warning level. */
    closeShareAtWarning: z.number().gt(0).lte(1).default(0.5),
    blockEntriesFrom: z.enum(['critical', 'circuit_breaker']).default('critical'),
  })
  .strict();

export type BreakerConfig = z.infer<typeof breakerConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseBreakerConfig(input: unknown): BreakerConfig {
  return parseConfig(breakerConfigSchema, input, 'breaker');
}

export const defaultBreakerConfig: BreakerConfig = parseBreakerConfig({});
