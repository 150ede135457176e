import { z } from 'zod';
import { parseConfig } from './parse-config.ts';

/**
 * Every analytics threshold in one validated place (design 2.2.2 / 2.3, decisions.md 5-10).
 * Units: windows in ms of event time, ratios plain, percentages as fractions (0.002 = 0.2%).
 */
export const analyticsConfigSchema = z
  .object({
    orderFlow: z
      .object({
        imbalanceWindowMs: z.number().int().positive().default(30_000),
        minTrades: z.number().int().positive().default(5),
        imbalanceCap: z.number().positive().default(100),
        signalRatio: z.number().positive().default(2.5),
        cascadeWindowsMs: z
          .tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()])
          .default([60_000, 300_000, 900_000]),
        cvdWindowMs: z.number().int().positive().default(900_000),
        largeTradeWindowMs: z.number().int().positive().default(300_000),
        largeTradeMultiple: z.number().positive().default(10),
        exhaustionRatio: z.number().positive().default(0.5),
      })
      .prefault({}),
    profile: z
      .object({
        windowMs: z.number().int().positive().default(900_000),
        valueAreaShare: z.number().gt(0).lte(1).default(0.7),
        bucketBps: z.number().positive().default(1),
        recomputeEveryMs: z.number().int().positive().default(300_000),
      })
      .prefault({}),
    meanReversion: z
      .object({
        windowMs: z.number().int().positive().default(900_000),
        rsiPeriod: z.number().int().positive().default(14),
      })
      .prefault({}),
    autocorrelation: z.object({ candles: z.number().int().min(4).default(10) }).prefault({}),
    regime: z
      .object({
        adxPeriod: z.number().int().positive().default(14),
        atrPeriod: z.number().int().positive().default(14),
        structureCandles: z.number().int().min(2).default(3),
        persistenceMinCandles: z.number().int().min(20).default(50),
        persistenceMaxCandles: z.number().int().min(20).default(100),
        meanReversionLookback: z.number().int().min(10).default(100),
        meanReversionBandPeriod: z.number().int().min(6).default(20),
        meanReversionHorizon: z.number().int().positive().default(5),
        volumeTrendCandles: z.number().int().min(3).default(10),
        historyCandles: z.number().int().min(30).default(200),
      })
      .prefault({}),
    zones: z
      .object({
        timeframe: z.enum(['1m', '5m', '15m']).default('15m'),
        minWickShare: z.number().gt(0).lt(1).default(0.5),
        volumeMultiple: z.number().positive().default(1.5),
        volumeAveragePeriod: z.number().int().positive().default(20),
        maxZones: z.number().int().positive().default(50),
      })
      .prefault({}),
    fvg: z
      .object({
        timeframes: z.array(z.enum(['1m', '5m', '15m'])).default(['15m']),
        minGapFraction: z.number().positive().default(0.002),
        maxAgeMs: z.number().int().positive().default(86_400_000),
      })
      .prefault({}),
    publish: z.object({ minIntervalMs: z.number().int().positive().default(2_000) }).prefault({}),
  })
  .strict();

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

/** Parses user config; throws with the offending field path named in the message. */
export function parseAnalyticsConfig(input: unknown): AnalyticsConfig {
  return parseConfig(analyticsConfigSchema, input, 'analytics');
}

export const defaultAnalyticsConfig: AnalyticsConfig = parseAnalyticsConfig({});
