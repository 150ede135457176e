import { z } from 'zod';
import { parseConfig } from './parse-config.ts';

/**
 * Stops and dynamic exits (design 2.5, 2.6; decisions.md #12-15). Distances and profits are fractions of
 * the entry price (0.005 = 0.5%), times are ms of event time.
 */
const profitThresholdSchema = z
  .object({
    /** Applies while the position's profit is strictly below this fraction; omitted on the last row. */
    below: z.number().optional(),
    moves: z.number().int().positive(),
  })
  .strict();

export type ProfitThreshold = z.infer<typeof profitThresholdSchema>;

export const DEFAULT_PROFIT_THRESHOLDS: readonly ProfitThreshold[] = [
  { below: 0.003, moves: 5 },
  { below: 0.01, moves: 3 },
  { below: 0.02, moves: 2 },
  { moves: 1 },
];

export const exitConfigSchema = z
  .object({
    trailingDistance: z.number().gt(0).lt(1).default(0.005),
    maxInitialStopDistance: z.number().gt(0).lt(1).default(0.005),
    checkIntervalMs: z.number().int().positive().default(2_000),
    windowMs: z.number().int().positive().default(15_000),
    /** `sampled`: last trade price every check interval (decisions.md #13); `tick`: every price change. */
    adverseMode: z.enum(['sampled', 'tick']).default('sampled'),
    profitThresholds: z
      .array(profitThresholdSchema)
      .min(1)
      .default(() => DEFAULT_PROFIT_THRESHOLDS.map((row) => ({ ...row })))
      .superRefine(checkThresholdTable),
    cascadeReversal: z
      .object({
        /** A long exits when the 1m imbalance is below this and 1m < 5m < 15m. */
        longBelow: z.number().positive().default(0.5),
        /** A short exits when the 1m imbalance is above this and 1m > 5m > 15m. */
        shortAbove: z.number().positive().default(2.0),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.windowMs < config.checkIntervalMs) {
      ctx.addIssue({ code: 'custom', path: ['windowMs'], message: 'must be at least checkIntervalMs' });
    }
  });

/** Rows ascend by `below`; only the last row omits it, so every profit maps to exactly one row. */
function checkThresholdTable(rows: readonly ProfitThreshold[], ctx: z.RefinementCtx): void {
  rows.forEach((row, i) => {
    const last = i === rows.length - 1;
    if (last && row.below !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'below'], message: 'the last row must omit "below"' });
    }
    if (!last && row.below === undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'below'], message: 'only the last row may omit "below"' });
    }
    const previous = rows[i - 1]?.below;
    if (row.below !== undefined && previous !== undefined && row.below <= previous) {
      ctx.addIssue({ code: 'custom', path: [i, 'below'], message: 'must be greater than the previous row' });
    }
  });
}

export type ExitConfig = z.infer<typeof exitConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseExitConfig(input: unknown): ExitConfig {
  return parseConfig(exitConfigSchema, input, 'exit');
}

export const defaultExitConfig: ExitConfig = parseExitConfig({});
