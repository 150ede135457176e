import { describe, expect, it } from 'vitest';
import { defaultExitConfig, parseExitConfig } from '../../../core/src/config/exit-config.ts';

describe('exit config', () => {
  it('defaults to the design values', () => {
    expect(defaultExitConfig).toEqual({
      trailingDistance: 0.005,
      maxInitialStopDistance: 0.005,
      checkIntervalMs: 2_000,
      windowMs: 15_000,
      adverseMode: 'sampled',
      profitThresholds: [
        { below: 0.003, moves: 5 },
        { below: 0.01, moves: 3 },
        { below: 0.02, moves: 2 },
        { moves: 1 },
      ],
      cascadeReversal: { longBelow: 0.5, shortAbove: 2.0 },
    });
  });

  it('accepts overrides and keeps the other defaults', () => {
    const config = parseExitConfig({ adverseMode: 'tick', cascadeReversal: { longBelow: 0.4 } });
    expect(config.adverseMode).toBe('tick');
    expect(config.cascadeReversal).toEqual({ longBelow: 0.4, shortAbove: 2.0 });
    expect(config.trailingDistance).toBe(0.005);
  });

  it('names the failing field', () => {
    expect(() => parseExitConfig({ trailingDistance: 0 })).toThrow(/"trailingDistance"/);
    expect(() => parseExitConfig({ adverseMode: 'ticks' })).toThrow(/"adverseMode"/);
    expect(() => parseExitConfig({ cascadeReversal: { shortAbove: -1 } })).toThrow(
      /"cascadeReversal.shortAbove"/,
    );
    expect(() => parseExitConfig({ windowMs: 1_000 })).toThrow(/"windowMs"/);
    expect(() => parseExitConfig({ bogus: 1 })).toThrow(/invalid exit config/);
  });

  it('rejects a threshold table that is not ascending or lacks a final catch-all row', () => {
    expect(() => parseExitConfig({ profitThresholds: [{ below: 0.01, moves: 3 }] })).toThrow(
      /"profitThresholds.0.below"/,
    );
    expect(() =>
      parseExitConfig({
        profitThresholds: [{ below: 0.01, moves: 3 }, { below: 0.005, moves: 2 }, { moves: 1 }],
      }),
    ).toThrow(/"profitThresholds.1.below"/);
    expect(() => parseExitConfig({ profitThresholds: [{ moves: 2 }, { moves: 1 }] })).toThrow(
      /"profitThresholds.0.below"/,
    );
  });
});
