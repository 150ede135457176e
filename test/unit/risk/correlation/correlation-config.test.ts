import { describe, it, expect } from 'vitest';
import {
  defaultCorrelationConfig,
  parseCorrelationConfig,
} from '../../../../core/src/config/risk/correlation-config.ts';

describe('correlation config', () => {
  it('defaults to the design and issue numbers', () => {
    expect(defaultCorrelationConfig).toEqual({
      enabled: true,
      leaders: ['BTCUSDT', 'ETHUSDT'],
      moveThreshold: 0.015,
      moveWindowMs: 300_000,
      exitCorrelation: 0.7,
      tightenCorrelation: 0.4,
      tightenTrailingDistance: 0.003,
      windowCandles: 1_440,
      minCandles: 30,
      refreshIntervalMs: 300_000,
      mirrorPumps: true,
      maxWindowTicks: 200_000,
    });
  });

  it('names the failing field', () => {
    expect(() => parseCorrelationConfig({ leaders: ['btc-usdt'] })).toThrow(
      /invalid correlation config at "leaders.0"/,
    );
    expect(() => parseCorrelationConfig({ moveThreshold: 1.5 })).toThrow(/"moveThreshold"/);
    expect(() => parseCorrelationConfig({ tightenCorrelation: 0.8 })).toThrow(
      /"tightenCorrelation": must not exceed/,
    );
    expect(() => parseCorrelationConfig({ minCandles: 100, windowCandles: 60 })).toThrow(/"minCandles"/);
    expect(() => parseCorrelationConfig({ leader: ['BTCUSDT'] })).toThrow(
      /at "\(root\)": Unrecognized key: "leader"/,
    );
  });
});
