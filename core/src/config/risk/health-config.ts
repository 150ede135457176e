import { z } from 'zod';
import { parseConfig } from '../parse-config.ts';

const fraction = z.number().gte(0).lte(1);

/**
 * Portfolio health score (design 2.2.5 component 3). `points` are the factor weights of the design's YAML
 * (0.30 / 0.25 / 0.20 / 0.15 / 0.10) expressed as points of the 0-100 score. Every factor mapping below is
 * chosen so that the design's worked example scores exactly 15 + 10 + 5 + 12 + 5 = 47; the reasoning is
 * in core/src/risk/portfolio/health-factors.ts. P&L is a fraction of equity, times are ms of event time.
 */
export const healthConfigSchema = z
  .object({
    /** The manager skips health evaluation entirely when false. */
    enabled: z.boolean().default(true),
    points: z
      .object({
        unrealizedPnl: z.number().gte(0).default(30),
        positionQuality: z.number().gte(0).default(25),
        concentration: z.number().gte(0).default(20),
        holdTimes: z.number().gte(0).default(15),
        marketConditions: z.number().gte(0).default(10),
      })
      .strict()
      .prefault({})
      .refine((p) => Math.abs(Object.values(p).reduce((a, b) => a + b, 0) - 100) < 1e-9, {
        message: 'points must add up to 100',
      }),
    actions: z
      .object({
        blockEntriesBelow: z.number().gt(0).lte(100).default(70),
        tightenStopsBelow: z.number().gt(0).lte(100).default(50),
        closeWorstBelow: z.number().gt(0).lte(100).default(30),
        tightenTrailingDistance: z.number().gt(0).lt(1).default(0.003),
        closeWorstCount: z.number().int().positive().default(2),
      })
      .strict()
      .prefault({})
      .superRefine((a, ctx) => {
        if (a.tightenStopsBelow > a.blockEntriesBelow) {
          ctx.addIssue({
            code: 'custom',
            path: ['tightenStopsBelow'],
            message: 'must be <= blockEntriesBelow',
          });
        }
        if (a.closeWorstBelow > a.tightenStopsBelow) {
          ctx.addIssue({
            code: 'custom',
            path: ['closeWorstBelow'],
            message: 'must be <= tightenStopsBelow',
          });
        }
      }),
    unrealizedPnl: z
      .object({
        /** Total unrealized P&L / equity at or below which the factor scores 0. */
        zeroAt: z.number().lt(0).default(-0.05),
        /** ... and at or above which it scores full points. */
        fullAt: z.number().default(0),
      })
      .strict()
      .prefault({})
      .refine((u) => u.fullAt > u.zeroAt, { message: 'fullAt must be above zeroAt', path: ['fullAt'] }),
    quality: z
      .object({
        flowWeight: fraction.default(0.3),
        volumeWeight: fraction.default(0.3),
        liquidityWeight: fraction.default(0.4),
        /** Buy/sell imbalance in the position's direction at or above which flow counts as favourable. */
        favourableImbalance: z.number().gt(1).default(1.2),
        /** |volume trend| (fraction of mean volume per candle) inside which volume counts as flat. */
        volumeTrendDeadBand: z.number().gte(0).default(0.01),
      })
      .strict()
      .prefault({})
      .refine((q) => Math.abs(q.flowWeight + q.volumeWeight + q.liquidityWeight - 1) < 1e-9, {
        message: 'flowWeight + volumeWeight + liquidityWeight must be 1',
      }),
    concentration: z
      .object({
        /** Correlation above which two positions (or a position and the leader) count as correlated. */
        correlationThreshold: z.number().gt(0).lt(1).default(0.7),
        /** Correlated positions allowed without penalty (design: "max 3 correlated positions"). */
        maxCorrelated: z.number().int().nonnegative().default(3),
        penaltyPerExcess: z.number().gte(0).default(15),
      })
      .strict()
      .prefault({}),
    holdTimes: z
      .object({
        freshMs: z.number().int().nonnegative().default(300_000),
        freshShare: fraction.default(1),
        withinLimitShare: fraction.default(0.8),
        overLimitShare: fraction.default(0.2),
        memeOverLimitShare: fraction.default(0),
      })
      .strict()
      .prefault({}),
    market: z
      .object({
        /** Volatility / its recent average at or below which the factor scores full points. */
        calmRatio: z.number().gt(0).default(1),
        /** ... and at or above which it scores 0. */
        extremeRatio: z.number().gt(0).default(3),
      })
      .strict()
      .prefault({})
      .refine((m) => m.extremeRatio > m.calmRatio, {
        message: 'must be above calmRatio',
        path: ['extremeRatio'],
      }),
  })
  .strict();

export type HealthConfig = z.infer<typeof healthConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseHealthConfig(input: unknown): HealthConfig {
  return parseConfig(healthConfigSchema, input, 'health');
}

export const defaultHealthConfig: HealthConfig = parseHealthConfig({});
