import { z } from 'zod';
import { HARD_MAX_LEVERAGE } from '../execution-config.ts';
import { parseConfig } from '../parse-config.ts';

/**
 * Leverage guard (design 2.7.1.1 "Liquidation Prevention": keep a 50%+ margin buffer, reduce when margin
 * < 30%, never > 10x; decisions.md #17: 10x hard cap for every market).
 *
 * The design does not define the buffer. Here: used margin = total notional / `marginLeverage`, and the
 * margin buffer = free margin / equity = 1 - (notional / equity) / marginLeverage. With `marginLeverage` at
 * the 10x cap the three numbers form one ladder: buffer >= 50% <=> account leverage <= 5x (the default
 * trading leverage and max exposure), < 30% <=> above 7x (reduce), 0% <=> 10x (the cap). Measuring margin
 * at the 5x trading leverage instead would read a fully deployed default book (5x exposure) as a 0% buffer
 * and veto the single 4x-notional entry that 2% risk at a 0.5% stop produces; set it to 5 for that reading.
 */
export const leverageConfigSchema = z
  .object({
    /** The manager skips the guard entirely when false. */
    enabled: z.boolean().default(true),
    /** Total notional / equity above which entries are refused and positions reduced. */
    maxAccountLeverage: z.number().gt(0).lte(HARD_MAX_LEVERAGE).default(HARD_MAX_LEVERAGE),
    /** Leverage at which a position is taken to post margin: used margin = notional / marginLeverage. */
    marginLeverage: z.number().gt(0).lte(HARD_MAX_LEVERAGE).default(HARD_MAX_LEVERAGE),
    /** Entries must leave at least this buffer; a reduction restores it (hysteresis above the trigger). */
    targetMarginBuffer: z.number().gt(0).lt(1).default(0.5),
    /** Below this buffer positions are closed until the target buffer is back. */
    reduceBelowMarginBuffer: z.number().gte(0).lt(1).default(0.3),
    /** Which position goes first: the largest notional frees most margin; `worst` cuts the loser first. */
    reduceOrder: z.enum(['largest', 'worst']).default('largest'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.reduceBelowMarginBuffer >= config.targetMarginBuffer) {
      ctx.addIssue({
        code: 'custom',
        path: ['reduceBelowMarginBuffer'],
        message: 'must be below targetMarginBuffer',
      });
    }
  });

export type LeverageConfig = z.infer<typeof leverageConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseLeverageConfig(input: unknown): LeverageConfig {
  return parseConfig(leverageConfigSchema, input, 'leverage');
}

export const defaultLeverageConfig: LeverageConfig = parseLeverageConfig({});
