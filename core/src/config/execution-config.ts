import { z } from 'zod';
import { isMarketType, type MarketType } from '../domain/instrument.ts';
import { parseConfig } from './parse-config.ts';

/** decisions.md #17: no market, forex included, is ever traded above 10x. */
export const HARD_MAX_LEVERAGE = 10;

const leverageCap = z.number().gt(0).lte(HARD_MAX_LEVERAGE);

interface MarketDefaults {
  readonly maker: number;
  readonly taker: number;
  readonly maxLeverage: number;
  readonly allowShort: boolean;
  readonly volumeCapped: boolean;
}

function market(d: MarketDefaults) {
  return z
    .object({
      maker: z.number().gte(0).lt(0.1).default(d.maker),
      taker: z.number().gte(0).lt(0.1).default(d.taker),
      /** Venue-side cap, below the hard cap where a market allows less (design 2.2.7 lists spot at 1x). */
      maxLeverage: leverageCap.default(d.maxLeverage),
      /** Spot cannot be sold short without a margin account: short signals are refused there. */
      allowShort: z.boolean().default(d.allowShort),
      /**
       * Whether trade sizes are real volume that caps paper fills. Quote-driven markets (forex, CFD) carry
       * tick volume, a count of quotes, so capping fills by it would be meaningless.
       */
      volumeCapped: z.boolean().default(d.volumeCapped),
    })
    .strict()
    .prefault({});
}

const DERIVATIVE = { maxLeverage: HARD_MAX_LEVERAGE, allowShort: true, volumeCapped: true } as const;

/**
 * Execution chain, sizing and paper venue settings (design 2.2.3, 2.2.4, 2.7.1.1, 2.2.7; decisions.md
 * #12, #17). Fractions are plain (0.02 = 2%), money is in the quote currency, times are ms of event time.
 *
 * Fees per market type: spot and usdm are Binance's (design 2.2.7 market_configs). The design gives none
 * for coinm or generic perps: coinm uses Binance COIN-M's 0.02% / 0.05%, perp the design's dYdX figures
 * (0.02% / 0.05%, 2.7.1.1), the more conservative of the perp venues it lists. Forex and CFD cost is the
 * spread (design 2.7.1.1 "Fees: Spread"): fees are 0 and the paper venue's slippage stands for the half
 * spread, since quote-driven instruments trade at the mid.
 */
export const executionConfigSchema = z
  .object({
    startingEquity: z.number().positive().default(10_000),
    riskPerTrade: z.number().gt(0).lte(0.1).default(0.02),
    leverage: leverageCap.default(5),
    maxOpenPositions: z.number().int().positive().default(5),
    /** Total notional of open positions and working entries, as a multiple of equity. */
    maxExposure: z.number().positive().lte(HARD_MAX_LEVERAGE).default(5),
    /** Max distance of the signal's entry price from the last trade (fat-finger guard). */
    fatFingerBand: z.number().positive().lt(1).default(0.01),
    maxStopDistance: z.number().positive().lt(1).default(0.005),
    /** Event time after which the unfilled rest of an entry order is cancelled. */
    entryTimeoutMs: z.number().int().positive().default(5_000),
    /** A second entry on the same instrument and direction within this window is a duplicate; 0 = off. */
    duplicateWindowMs: z.number().int().nonnegative().default(5_000),
    paper: z
      .object({
        slippageBps: z.number().nonnegative().default(1),
        latencyMs: z.number().int().nonnegative().default(50),
        /** An order takes at most this share of each trade's size; the rest waits for later trades. */
        maxShareOfTradeVolume: z.number().gt(0).lte(1).default(0.5),
        quoteAsset: z.string().min(1).default('USDT'),
      })
      .strict()
      .prefault({}),
    markets: z
      .object({
        spot: market({ maker: 0.001, taker: 0.001, maxLeverage: 1, allowShort: false, volumeCapped: true }),
        usdm: market({ ...DERIVATIVE, maker: 0.0002, taker: 0.0004 }),
        coinm: market({ ...DERIVATIVE, maker: 0.0002, taker: 0.0005 }),
        perp: market({ ...DERIVATIVE, maker: 0.0002, taker: 0.0005 }),
        forex: market({ ...DERIVATIVE, maker: 0, taker: 0, volumeCapped: false }),
        cfd: market({ ...DERIVATIVE, maker: 0, taker: 0, volumeCapped: false }),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ExecutionConfig = z.infer<typeof executionConfigSchema>;
export type MarketSettings = ExecutionConfig['markets'][MarketType];

/** Parses user config; throws with the offending field path named in the message. */
export function parseExecutionConfig(input: unknown): ExecutionConfig {
  return parseConfig(executionConfigSchema, input, 'execution');
}

export const defaultExecutionConfig: ExecutionConfig = parseExecutionConfig({});

/** Market type from an instrument id `venue-market:SYMBOL` (decisions.md #1); undefined when unknown. */
export function marketTypeOf(instrumentId: string): MarketType | undefined {
  const colon = instrumentId.indexOf(':');
  const venueKey = colon >= 0 ? instrumentId.slice(0, colon) : '';
  const market = venueKey.slice(venueKey.lastIndexOf('-') + 1);
  return isMarketType(market) ? market : undefined;
}

/** The leverage an instrument is traded with: the configured one, under its market's and the hard cap. */
export function effectiveLeverage(config: ExecutionConfig, instrumentId: string): number {
  const type = marketTypeOf(instrumentId);
  const marketCap = type ? config.markets[type].maxLeverage : HARD_MAX_LEVERAGE;
  return Math.min(config.leverage, marketCap, HARD_MAX_LEVERAGE);
}
