import { describe, expect, it } from 'vitest';
import {
  defaultExecutionConfig,
  effectiveLeverage,
  marketTypeOf,
  parseExecutionConfig,
} from '../../../core/src/config/execution-config.ts';

describe('execution config', () => {
  it('defaults to the design and decisions.md numbers', () => {
    const c = defaultExecutionConfig;
    expect(c).toMatchObject({
      startingEquity: 10_000,
      riskPerTrade: 0.02,
      leverage: 5,
      maxOpenPositions: 5,
      maxExposure: 5,
      fatFingerBand: 0.01,
      maxStopDistance: 0.005,
      duplicateWindowMs: 5_000,
      paper: { slippageBps: 1, latencyMs: 50, maxShareOfTradeVolume: 0.5 },
    });
    expect(c.markets.spot).toMatchObject({ maker: 0.001, taker: 0.001 });
    expect(c.markets.usdm).toMatchObject({ maker: 0.0002, taker: 0.0004 });
    expect(c.markets.forex).toMatchObject({ maker: 0, taker: 0 });
  });

  it('rejects leverage above the 10x hard cap and names the field', () => {
    expect(() => parseExecutionConfig({ leverage: 11 })).toThrow(/"leverage"/);
    expect(() => parseExecutionConfig({ markets: { usdm: { maxLeverage: 12 } } })).toThrow(
      /"markets\.usdm\.maxLeverage"/,
    );
    expect(parseExecutionConfig({ leverage: 10 }).leverage).toBe(10);
  });

  it('names nested paper venue fields and unknown keys', () => {
    expect(() => parseExecutionConfig({ paper: { maxShareOfTradeVolume: 1.5 } })).toThrow(
      /"paper\.maxShareOfTradeVolume"/,
    );
    expect(() => parseExecutionConfig({ riskPerTrad: 0.01 })).toThrow(/invalid execution config/);
  });

  it('reads the market type from the instrument id', () => {
    expect(marketTypeOf('binance-usdm:BTCUSDT')).toBe('usdm');
    expect(marketTypeOf('kraken-spot:XBTUSD')).toBe('spot');
    expect(marketTypeOf('dukascopy-forex:EURUSD')).toBe('forex');
    expect(marketTypeOf('nowhere:XYZ')).toBeUndefined();
  });

  it('trades with the configured leverage under the market cap', () => {
    const c = parseExecutionConfig({ leverage: 8, markets: { spot: { maxLeverage: 1 } } });
    expect(effectiveLeverage(c, 'binance-usdm:BTCUSDT')).toBe(8);
    expect(effectiveLeverage(c, 'binance-spot:BTCUSDT')).toBe(1);
    expect(effectiveLeverage(c, 'nowhere:XYZ')).toBe(8);
  });
});
