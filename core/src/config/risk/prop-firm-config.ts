import { z } from 'zod';

/**
 * Prop-firm rule sets, one per account (design 9.2/9.4 "Broker & Prop Firm Configuration"). Defaults are
 * FTMO's as the design states them: max daily loss 5%, max total loss 10%, profit target 10% (the design's
 * `profit_target: 10000.00` on FTMO's standard 100k account), news trading off, static max loss.
 * Percentages are percent units (5 = 5%).
 */
const percentSchema = z.number().gt(0).lt(100);

export const propFirmRuleSetSchema = z
  .object({
    accountId: z.string().min(1),
    firm: z.string().min(1).default('FTMO'),
    startingBalance: z.number().positive(),
    /** Loss allowed within one trading day, in percent of the start-of-day equity. */
    maxDailyLossPercent: percentSchema.default(5),
    /** Loss allowed overall, in percent of the starting balance (or of the equity high-water mark). */
    maxTotalLossPercent: percentSchema.default(10),
    /** Gain over the starting balance that passes the challenge; null when the account has none. */
    profitTargetPercent: z.number().positive().nullable().default(10),
    newsTradingAllowed: z.boolean().default(false),
    /** When true the total-loss floor trails the equity high-water mark instead of the starting balance. */
    trailingMaxLoss: z.boolean().default(false),
    /** Reaching the profit target also pauses new entries (open positions stay under their stops). */
    pauseOnProfitTarget: z.boolean().default(false),
    /**
     * When the trading day starts: `hour` on the clock at `utcOffsetMinutes` (default 00:00 UTC). FTMO
     * resets at midnight CE(S)T: 60 in winter, 120 in summer (a fixed offset; switch it at DST).
     */
    dayReset: z
      .object({
        utcOffsetMinutes: z.number().int().min(-720).max(840).default(0),
        hour: z.number().int().min(0).max(23).default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PropFirmRuleSet = z.infer<typeof propFirmRuleSetSchema>;

export const propFirmConfigSchema = z
  .object({
    accounts: z.array(propFirmRuleSetSchema).default([]).superRefine(checkUniqueAccounts),
    /** A close request still open after this much event time is asked again. */
    closeRetryMs: z.number().int().positive().default(60_000),
  })
  .strict();

export type PropFirmConfig = z.infer<typeof propFirmConfigSchema>;

function checkUniqueAccounts(accounts: readonly PropFirmRuleSet[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  accounts.forEach((a, i) => {
    if (seen.has(a.accountId)) {
      ctx.addIssue({ code: 'custom', path: [i, 'accountId'], message: `duplicate account "${a.accountId}"` });
    }
    seen.add(a.accountId);
  });
}

function fail(what: string, error: z.ZodError): never {
  const first = error.issues[0];
  const field = first ? first.path.join('.') : '(root)';
  throw new Error(`invalid ${what} at "${field}": ${first?.message ?? 'unknown error'}`);
}

/** Parses the prop-firm section; throws with the offending field path named in the message. */
export function parsePropFirmConfig(input: unknown): PropFirmConfig {
  const result = propFirmConfigSchema.safeParse(input ?? {});
  return result.success ? result.data : fail('prop-firm config', result.error);
}

/** Parses one account's rule set (e.g. loaded from the accounts store); throws naming the field. */
export function parsePropFirmRuleSet(input: unknown): PropFirmRuleSet {
  const result = propFirmRuleSetSchema.safeParse(input);
  return result.success ? result.data : fail('prop-firm rule set', result.error);
}

export const defaultPropFirmConfig: PropFirmConfig = parsePropFirmConfig({});
