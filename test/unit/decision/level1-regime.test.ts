import { describe, expect, it } from 'vitest';
import { evaluateRegime } from '../../../core/src/decision/level1-regime.ts';
import { config, configWith, shortSnapshot, snapshot } from './fixtures.ts';

describe('Level 1 regime', () => {
  it('calls the base setup an uptrend that allows longs only', () => {
    const { outcome, direction } = evaluateRegime(snapshot(), config);
    expect(direction).toBe('long');
    expect(outcome).toMatchObject({ stage: 'regime', passed: true, reason: 'uptrend' });
    expect(outcome.values).toMatchObject({ regime: 'UPTREND', adx: 30, plusDi: 28, minusDi: 14 });
  });

  it('calls lower highs and lows with -DI above +DI a downtrend that allows shorts only', () => {
    const { outcome, direction } = evaluateRegime(shortSnapshot(), config);
    expect(direction).toBe('short');
    expect(outcome.reason).toBe('downtrend');
    expect(outcome.values['regime']).toBe('DOWNTREND');
  });

  it.each([
    ['adx', { adx: null }],
    ['plusDi', { plusDi: null }],
    ['atrPercent', { atrPercent: null }],
    ['persistence', { persistence: null }],
    ['meanReversionStrength', { meanReversionStrength: null }],
    ['structure', { structure: null }],
  ])('is regime_unknown while %s is still warming up', (_field, regime) => {
    const { outcome, direction } = evaluateRegime(snapshot({ regime }), config);
    expect(direction).toBeNull();
    expect(outcome).toMatchObject({ passed: false, reason: 'regime_unknown' });
    expect(outcome.values['regime']).toBeNull();
  });

  it('rejects ADX at exactly 25 (the rule is ADX > 25) and accepts 25.01', () => {
    expect(evaluateRegime(snapshot({ regime: { adx: 25 } }), config).outcome.reason).toBe(
      'adx_below_threshold',
    );
    expect(evaluateRegime(snapshot({ regime: { adx: 25.01 } }), config).direction).toBe('long');
  });

  it('rejects persistence of 0.55 (random walk) and accepts 0.56', () => {
    const at = evaluateRegime(snapshot({ regime: { persistence: 0.55 } }), config).outcome;
    expect(at).toMatchObject({ passed: false, reason: 'persistence_below_threshold' });
    expect(at.values['regime']).toBe('RANGING');
    expect(evaluateRegime(snapshot({ regime: { persistence: 0.56 } }), config).direction).toBe('long');
  });

  it('rejects mean-reversion strength of 0.6 as snapping back too fast and accepts 0.59', () => {
    const at = evaluateRegime(snapshot({ regime: { meanReversionStrength: 0.6 } }), config).outcome;
    expect(at.reason).toBe('mean_reversion_too_strong');
    expect(evaluateRegime(snapshot({ regime: { meanReversionStrength: 0.59 } }), config).direction).toBe(
      'long',
    );
  });

  it('rejects a 15m ATR of 0.04% of price under the 0.05% floor and accepts exactly 0.05%', () => {
    expect(evaluateRegime(snapshot({ regime: { atrPercent: 0.0004 } }), config).outcome.reason).toBe(
      'atr_below_floor',
    );
    expect(evaluateRegime(snapshot({ regime: { atrPercent: 0.0005 } }), config).direction).toBe('long');
  });

  it('rejects mixed structure as ranging', () => {
    const { outcome, direction } = evaluateRegime(snapshot({ regime: { structure: 'mixed' } }), config);
    expect(direction).toBeNull();
    expect(outcome.reason).toBe('structure_mixed');
  });

  it('rejects higher highs with -DI above +DI as a direction conflict', () => {
    const s = snapshot({ regime: { plusDi: 12, minusDi: 20 } });
    expect(evaluateRegime(s, config).outcome.reason).toBe('direction_conflict');
  });

  it('rejects equal DIs as a direction conflict', () => {
    const s = snapshot({ regime: { plusDi: 20, minusDi: 20 } });
    expect(evaluateRegime(s, config).outcome.reason).toBe('direction_conflict');
  });

  it('checks ADX before persistence when both fail', () => {
    const s = snapshot({ regime: { adx: 10, persistence: 0.3 } });
    expect(evaluateRegime(s, config).outcome.reason).toBe('adx_below_threshold');
  });

  it('takes the direction from the DI sign alone when structure is not required', () => {
    const loose = configWith({ regime: { requireStructure: false } });
    const mixedDown = snapshot({ regime: { structure: 'mixed', plusDi: 10, minusDi: 25 } });
    expect(evaluateRegime(mixedDown, loose).direction).toBe('short');
    expect(evaluateRegime(snapshot({ regime: { structure: null } }), loose).direction).toBe('long');
  });

  it('uses the configured thresholds', () => {
    const strict = configWith({ regime: { adxMin: 35 } });
    expect(evaluateRegime(snapshot(), strict).outcome.reason).toBe('adx_below_threshold');
  });
});
