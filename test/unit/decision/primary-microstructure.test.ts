import { describe, expect, it } from 'vitest';
import { analyzeMicrostructure } from '../../../core/src/decision/primary-microstructure.ts';
import { config, shortSnapshot, snapshot } from './fixtures.ts';

const candle = (open: number, high: number, low: number, close: number) => ({
  last1m: { open, high, low, close },
});

describe('primary analyzer: microstructure rejection', () => {
  it('finds a bullish rejection: lower wick 40 > 2 x body 10, close up, close at 96% of the range', () => {
    const outcome = analyzeMicrostructure(snapshot(), 'long', config);
    expect(outcome).toMatchObject({ stage: 'primary', passed: true, reason: 'bullish_rejection' });
    expect(outcome.values).toMatchObject({ analyzer: 'microstructure', body: 10, wick: 40 });
    expect(outcome.values['closePosition']).toBeCloseTo(50 / 52, 12);
  });

  it('finds the mirrored bearish rejection for a short: upper wick 40 > 2 x body 10', () => {
    const outcome = analyzeMicrostructure(shortSnapshot(), 'short', config);
    expect(outcome).toMatchObject({ passed: true, reason: 'bearish_rejection' });
    expect(outcome.values).toMatchObject({ body: 10, wick: 40 });
  });

  it('does not accept a bullish rejection for a short', () => {
    expect(analyzeMicrostructure(snapshot(), 'short', config).reason).toBe('no_rejection_wick');
  });

  it('reads the last closed 1m candle and needs one', () => {
    expect(analyzeMicrostructure(snapshot({ last1m: null }), 'long', config).reason).toBe('no_closed_candle');
    // The live candle does not matter to this analyzer.
    expect(analyzeMicrostructure(snapshot({ live1m: null }), 'long', config).passed).toBe(true);
  });

  it('rejects a lower wick of exactly twice the body', () => {
    // body 10 (50,250 -> 50,260), lower wick 20 (50,230).
    const s = snapshot(candle(50_250, 50_262, 50_230, 50_260));
    expect(analyzeMicrostructure(s, 'long', config).reason).toBe('no_rejection_wick');
  });

  it('rejects a flat candle, which has no wick', () => {
    const s = snapshot(candle(50_260, 50_260, 50_260, 50_260));
    expect(analyzeMicrostructure(s, 'long', config).reason).toBe('no_rejection_wick');
  });

  it('rejects a down candle with a long lower wick for a long', () => {
    // open 50,262, close 50,255: body 7, lower wick 45, close position 45 / 52 = 0.87.
    const s = snapshot(candle(50_262, 50_262, 50_210, 50_255));
    expect(analyzeMicrostructure(s, 'long', config).reason).toBe('body_against_direction');
  });

  it('rejects a close at exactly 80% of the range and accepts above it', () => {
    // low 50,200, high 50,300: close 50,280 = 0.8, open 50,275 (body 5, wick 75).
    expect(
      analyzeMicrostructure(snapshot(candle(50_275, 50_300, 50_200, 50_280)), 'long', config).reason,
    ).toBe('close_not_near_extreme');
    expect(
      analyzeMicrostructure(snapshot(candle(50_275, 50_300, 50_200, 50_281)), 'long', config).passed,
    ).toBe(true);
  });
});
