import { describe, it, expect } from 'vitest';
import { defaultDumpConfig, parseDumpConfig } from '../../../../core/src/config/risk/dump-config.ts';

describe('dump config', () => {
  it('defaults to the design and issue numbers', () => {
    expect(defaultDumpConfig).toEqual({
      enabled: true,
      volumeAverageCandles: 20,
      volumeReversal: { consecutiveCandles: 3, sellBuyRatio: 1, spikeMultiple: 3, spikeMinMove: 0.003 },
      orderFlowFlip: { imbalanceThreshold: 2.5, entryLookbackMs: 30_000 },
      momentumBreak: { lowerHighsCount: 3, swingLowBreak: true, swingLookbackCandles: 10 },
      resistanceRejection: { minWick: 0.005 },
      liquidityDrop: { threshold: 0.3, windowMs: 600_000, maxReadings: 1_024 },
    });
  });

  it('names the failing field', () => {
    expect(() => parseDumpConfig({ liquidityDrop: { threshold: 30 } })).toThrow(
      /invalid dump config at "liquidityDrop.threshold"/,
    );
    expect(() => parseDumpConfig({ orderFlowFlip: { imbalanceThreshold: 0.5 } })).toThrow(
      /"orderFlowFlip.imbalanceThreshold"/,
    );
    expect(() => parseDumpConfig({ volumeReversal: { consecutive: 3 } })).toThrow(/"volumeReversal"/);
    expect(() => parseDumpConfig({ dump: {} })).toThrow(/at "\(root\)": Unrecognized key: "dump"/);
  });

  it('keeps defaults for the fields a partial config leaves out', () => {
    const config = parseDumpConfig({ momentumBreak: { swingLookbackCandles: 5 } });
    expect(config.momentumBreak).toEqual({
      lowerHighsCount: 3,
      swingLowBreak: true,
      swingLookbackCandles: 5,
    });
    expect(config.volumeReversal.spikeMultiple).toBe(3);
  });
});
