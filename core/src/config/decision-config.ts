import { z } from 'zod';
import { parseConfig } from './parse-config.ts';

/**
 * Every decision threshold and weight (design 2.2.2, 2.3.1-2.3.4; decisions.md #6-#12).
 * Units: ratios plain; distances and percentages as fractions of price (0.001 = 0.1%); times in ms of event
 * time. Comparisons against thresholds are strict (`>` / `<`) as in the design's text and code.
 */
const fraction = () => z.number().gt(0).lte(1);
const share = () => z.number().min(0).max(1);

export const decisionConfigSchema = z
  .object({
    /** Level 1 (2.3.1): all must hold for a trend; direction from structure and the DI sign. */
    regime: z
      .object({
        adxMin: z.number().positive().default(25),
        persistenceMin: share().default(0.55),
        meanReversionStrengthMax: share().default(0.6),
        /**
         * "Low volatility (ATR below threshold)": 15m ATR / price must reach this. 0.0005 (0.05%) only
         * rejects dead markets: a normal 15m ATR on BTC or a major FX pair is several times larger.
         */
        atrFloorFraction: z.number().min(0).default(0.0005),
        /** Require 15m higher highs/lows (or lower) agreeing with the DI sign; off = DI sign alone. */
        requireStructure: z.boolean().default(true),
      })
      .prefault({}),
    /**
     * Level 2 (2.3.2): price is "at" a zone when its distance to the zone band is at most this fraction of
     * price (0 inside). 0.001 = 0.1%, the same tolerance the design's market-profile code uses for "at VAL".
     */
    zones: z.object({ proximity: z.number().min(0).default(0.001) }).prefault({}),
    /** Level 3 (2.3.3, decisions #8): 1m > 5m > 15m and 1m > longMin1m; mirrored with shortMax1m. */
    cascade: z
      .object({
        longMin1m: z.number().positive().default(2),
        shortMax1m: z.number().positive().default(0.5),
      })
      .prefault({}),
    /** Level 4 (2.3.4, decisions #9). */
    bounce: z
      .object({
        strengthMin: share().default(0.7),
        volumeSpikeMin: z.number().positive().default(1.5),
      })
      .prefault({}),
    /** Primary analyzers (2.2.2, decisions #7); the short threshold is 1 / orderFlowRatio. */
    primary: z
      .object({
        orderFlowRatio: z.number().gt(1).default(2.5),
        minTrades: z.number().int().positive().default(5),
        /** Rejection wick (lower for longs) must exceed this multiple of the body (design code: 2). */
        wickToBodyMin: z.number().min(0).default(2),
        /** Close position in the range from the wick's end (design code: 0.8). */
        closePositionMin: share().default(0.8),
      })
      .prefault({}),
    filters: z
      .object({
        /**
         * Design 2.2.2's weights. They sum to 8.0 although the design says "total 10.0": the per-filter
         * numbers are kept, so the score runs 0-8 against absolute thresholds 3 / 5 / 7.
         */
        weights: z
          .object({
            marketProfile: z.number().min(0).default(1.5),
            meanReversion: z.number().min(0).default(1.5),
            autocorrelation: z.number().min(0).default(1),
            demandZone: z.number().min(0).default(2),
            supplyZone: z.number().min(0).default(0.5),
            fairValueGap: z.number().min(0).default(1.5),
          })
          .prefault({}),
        marketProfile: z
          .object({
            extremeProximity: z.number().min(0).default(0.001),
            /** 2.2.2 text: inside the value area 0.5 of 1.5 points (the design's code says half). */
            insideValueAreaShare: share().default(1 / 3),
          })
          .prefault({}),
        meanReversion: z
          .object({
            fullSigma: z.number().positive().default(2),
            partialSigma: z.number().positive().default(1),
            partialShare: share().default(0.5),
          })
          .prefault({}),
        autocorrelation: z
          .object({
            high: share().default(0.6),
            low: share().default(0.3),
            mediumShare: share().default(0.5),
          })
          .prefault({}),
        demandZone: z
          .object({
            testedMaxTouches: z.number().int().min(0).default(2),
            testedShare: share().default(0.5),
          })
          .prefault({}),
        /** Target zone further than this fraction of price does not count; null = any distance (design). */
        supplyZone: z
          .object({ targetMaxDistance: z.number().positive().nullable().default(null) })
          .prefault({}),
      })
      .prefault({}),
    /** Score tiers (2.2.2 thresholds, decisions #11 sizing). */
    tiers: z
      .object({
        minScore: z.number().min(0).default(3),
        mediumScore: z.number().min(0).default(5),
        highScore: z.number().min(0).default(7),
        lowMultiplier: fraction().default(0.5),
        mediumMultiplier: fraction().default(0.75),
        highMultiplier: fraction().default(1),
      })
      .prefault({}),
    /** Initial stop never further than this from entry (decisions #12). */
    maxStopDistance: z.number().gt(0).lt(1).default(0.005),
    /** No second signal for the same instrument and direction within this much event time. */
    cooldownMs: z.number().int().min(0).default(60_000),
  })
  .strict()
  .superRefine((c, ctx) => {
    const total = Object.values(c.filters.weights).reduce((sum, w) => sum + w, 0);
    if (total <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters', 'weights'],
        message: 'weights must sum to more than 0',
      });
    }
    if (c.tiers.mediumScore < c.tiers.minScore) {
      ctx.addIssue({ code: 'custom', path: ['tiers', 'mediumScore'], message: 'must be >= tiers.minScore' });
    }
    if (c.tiers.highScore < c.tiers.mediumScore) {
      ctx.addIssue({ code: 'custom', path: ['tiers', 'highScore'], message: 'must be >= tiers.mediumScore' });
    }
    if (c.cascade.shortMax1m >= c.cascade.longMin1m) {
      ctx.addIssue({
        code: 'custom',
        path: ['cascade', 'shortMax1m'],
        message: 'must be < cascade.longMin1m',
      });
    }
    const ac = c.filters.autocorrelation;
    if (ac.low > ac.high) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters', 'autocorrelation', 'low'],
        message: 'must be <= high',
      });
    }
    const mr = c.filters.meanReversion;
    if (mr.partialSigma > mr.fullSigma) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters', 'meanReversion', 'partialSigma'],
        message: 'must be <= fullSigma',
      });
    }
  });

export type DecisionConfig = z.infer<typeof decisionConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseDecisionConfig(input: unknown): DecisionConfig {
  return parseConfig(decisionConfigSchema, input, 'decision');
}

export const defaultDecisionConfig: DecisionConfig = parseDecisionConfig({});
