import { z } from 'zod';
import { parseConfig } from '../parse-config.ts';

/**
 * Correlation monitor (design 2.2.5 component 2, issue 4). Moves and distances as fractions (0.015 = 1.5%),
 * windows in ms of event time, the rolling window in 1m returns (1440 = the design's 24 hours).
 */
export const correlationConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Native symbols (the part of an instrument id after ':'); a leader acts on its own venue key only. */
    leaders: z
      .array(z.string().regex(/^[A-Z0-9]+$/))
      .min(1)
      .default(['BTCUSDT', 'ETHUSDT']),
    /** A leader move strictly beyond this within `moveWindowMs` is a dump (or a pump). */
    moveThreshold: z.number().gt(0).lt(1).default(0.015),
    moveWindowMs: z.number().int().positive().default(300_000),
    /** Correlation strictly above this exits exposed positions. */
    exitCorrelation: z.number().gt(-1).lt(1).default(0.7),
    /** Correlation from this up to `exitCorrelation` tightens their stops; below it they are kept. */
    tightenCorrelation: z.number().gt(-1).lt(1).default(0.4),
    /** Trailing distance for tightened stops (the design's 0.3% "tightened" stop, as in the health rule). */
    tightenTrailingDistance: z.number().gt(0).lt(1).default(0.003),
    windowCandles: z.number().int().min(2).default(1_440),
    /** Fewer aligned returns than this give no correlation (r's standard error is ~0.18 at 30 points). */
    minCandles: z.number().int().min(3).default(30),
    refreshIntervalMs: z.number().int().positive().default(300_000),
    /** A leader pump acts on short positions the way a dump acts on longs. */
    mirrorPumps: z.boolean().default(true),
    /** Safety cap on leader ticks kept in the 5-minute extreme windows. */
    maxWindowTicks: z.number().int().min(2).default(200_000),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.tightenCorrelation > config.exitCorrelation) {
      ctx.addIssue({
        code: 'custom',
        path: ['tightenCorrelation'],
        message: 'must not exceed exitCorrelation',
      });
    }
    if (config.minCandles > config.windowCandles) {
      ctx.addIssue({ code: 'custom', path: ['minCandles'], message: 'must not exceed windowCandles' });
    }
  });

export type CorrelationConfig = z.infer<typeof correlationConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseCorrelationConfig(input: unknown): CorrelationConfig {
  return parseConfig(correlationConfigSchema, input, 'correlation');
}

export const defaultCorrelationConfig: CorrelationConfig = parseCorrelationConfig({});
