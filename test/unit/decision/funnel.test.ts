import { describe, expect, it } from 'vitest';
import { DecisionEngine } from '../../../core/src/decision/decision-engine.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { config, shortSnapshot, snapshot, T0 } from './fixtures.ts';

/** Level 2 finds only the bullish gap 50,180-50,240, which price 50,260 has left upwards. */
const gapOnly = {
  nearestDemand: null,
  openFvgs: [
    { fvgId: 'gap', gapType: 'bullish', timeframe: '15m', gapLow: 50_180, gapHigh: 50_240, fillFraction: 0 },
  ],
} as const;

/** One snapshot rejected at each gate, plus two that signal (a long and a short). */
function mixedBatch() {
  return [
    snapshot({ instrumentId: 'a' }),
    snapshot({ regime: { persistence: 0.5 } }),
    snapshot({ nearestDemand: null, openFvgs: [], profile: null }),
    snapshot({ orderFlow: { cascade: { '5m': 4 } } }),
    snapshot({ live1m: { averageVolume20: null } }),
    snapshot({ orderFlow: { trades30s: 3 } }),
    snapshot({
      instrumentId: 'b',
      meanReversion: { zScore: 0 },
      autocorrelation: 0.45,
      profile: null,
      ...gapOnly,
    }),
    shortSnapshot({ instrumentId: 'c', ts: T0 + 2_000 }),
    snapshot({ regime: { structure: null } }),
  ];
}

describe('decision funnel', () => {
  it('counts how many evaluations passed each gate', () => {
    const engine = new DecisionEngine(config, new SequentialIds());
    const outcomes = mixedBatch().map((s) => engine.evaluate(s));
    expect(outcomes.map((o) => o.record.rejectedAt)).toEqual([
      null,
      'regime',
      'zone',
      'cascade',
      'bounce',
      'primary',
      'score',
      null,
      'regime',
    ]);
    expect(engine.funnel()).toEqual({
      evaluations: 9,
      level1_passed: 7,
      level2_passed: 6,
      level3_passed: 5,
      level4_passed: 4,
      primary_passed: 3,
      signals: 2,
    });
  });

  it('never lets a later count exceed an earlier one', () => {
    const engine = new DecisionEngine(config, new SequentialIds());
    const batch = mixedBatch();
    for (let round = 0; round < 3; round++) {
      for (const [i, s] of batch.entries()) {
        engine.evaluate({ ...s, ts: s.ts + round * 120_000 + i });
        const counts = Object.values(engine.funnel());
        for (let k = 1; k < counts.length; k++)
          expect(counts[k]).toBeLessThanOrEqual(counts[k - 1] as number);
      }
    }
    expect(engine.funnel()).toMatchObject({ evaluations: 27, signals: 6 });
  });

  it('counts a cooldown rejection as passing primary but not as a signal', () => {
    const engine = new DecisionEngine(config, new SequentialIds());
    engine.evaluate(snapshot());
    engine.evaluate(snapshot({ ts: T0 + 2_000 }));
    expect(engine.funnel()).toMatchObject({ primary_passed: 2, signals: 1 });
  });

  it('returns a copy the caller cannot change', () => {
    const engine = new DecisionEngine(config, new SequentialIds());
    engine.evaluate(snapshot());
    const counts = engine.funnel() as { evaluations: number };
    counts.evaluations = 99;
    expect(engine.funnel().evaluations).toBe(1);
  });
});
