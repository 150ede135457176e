import { describe, expect, it } from 'vitest';
import { defaultDecisionConfig, parseDecisionConfig } from '../../../core/src/config/decision-config.ts';

describe('decision config', () => {
  it("carries the design's defaults", () => {
    const c = defaultDecisionConfig;
    expect(c.regime).toEqual({
      adxMin: 25,
      persistenceMin: 0.55,
      meanReversionStrengthMax: 0.6,
      atrFloorFraction: 0.0005,
      requireStructure: true,
    });
    expect(c.zones.proximity).toBe(0.001);
    expect(c.cascade).toEqual({ longMin1m: 2, shortMax1m: 0.5 });
    expect(c.bounce).toEqual({ strengthMin: 0.7, volumeSpikeMin: 1.5 });
    expect(c.primary).toEqual({ orderFlowRatio: 2.5, minTrades: 5, wickToBodyMin: 2, closePositionMin: 0.8 });
    expect(c.filters.weights).toEqual({
      marketProfile: 1.5,
      meanReversion: 1.5,
      autocorrelation: 1,
      demandZone: 2,
      supplyZone: 0.5,
      fairValueGap: 1.5,
    });
    expect(c.tiers).toEqual({
      minScore: 3,
      mediumScore: 5,
      highScore: 7,
      lowMultiplier: 0.5,
      mediumMultiplier: 0.75,
      highMultiplier: 1,
    });
    expect(c.maxStopDistance).toBe(0.005);
    expect(c.cooldownMs).toBe(60_000);
  });

  // Design 2.2.2 states "TOTAL POSSIBLE CONFLUENCE SCORE: 10.0" but its own six weights (text and code agree)
  // add up to 8.0. The weights are kept as designed, so the best possible score is 8.
  it("has default weights that sum to 8, not the design's stated 10", () => {
    expect(Object.values(defaultDecisionConfig.filters.weights).reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('keeps defaults for fields not given', () => {
    const c = parseDecisionConfig({ regime: { adxMin: 30 } });
    expect(c.regime.adxMin).toBe(30);
    expect(c.regime.persistenceMin).toBe(0.55);
  });

  it.each([
    [{ regime: { adxMin: -1 } }, 'regime.adxMin'],
    [{ bounce: { strengthMin: 1.5 } }, 'bounce.strengthMin'],
    [{ primary: { orderFlowRatio: 1 } }, 'primary.orderFlowRatio'],
    [{ primary: { minTrades: 2.5 } }, 'primary.minTrades'],
    [{ maxStopDistance: 0 }, 'maxStopDistance'],
    [{ tiers: { mediumScore: 2 } }, 'tiers.mediumScore'],
    [{ tiers: { highScore: 4 } }, 'tiers.highScore'],
    [{ cascade: { shortMax1m: 3 } }, 'cascade.shortMax1m'],
    [{ filters: { autocorrelation: { low: 0.7 } } }, 'filters.autocorrelation.low'],
    [{ filters: { meanReversion: { partialSigma: 3 } } }, 'filters.meanReversion.partialSigma'],
    [{ unknownField: 1 }, '(root)'],
  ])('rejects %j naming %s', (input, field) => {
    expect(() => parseDecisionConfig(input)).toThrow(`invalid decision config at "${field}"`);
  });

  it('rejects weights that sum to 0', () => {
    const zero = {
      marketProfile: 0,
      meanReversion: 0,
      autocorrelation: 0,
      demandZone: 0,
      supplyZone: 0,
      fairValueGap: 0,
    };
    expect(() => parseDecisionConfig({ filters: { weights: zero } })).toThrow(
      'invalid decision config at "filters.weights": weights must sum to more than 0',
    );
  });
});
