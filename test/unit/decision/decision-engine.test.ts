import { describe, expect, it } from 'vitest';
import { DecisionEngine, DEFAULT_UNITS } from '../../../core/src/decision/decision-engine.ts';
import type { PrimaryAnalyzer, SecondaryFilter } from '../../../core/src/decision/types.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { config, INSTRUMENT, shortSnapshot, snapshot, T0, type SnapshotOverrides } from './fixtures.ts';

const engine = () => new DecisionEngine(config, new SequentialIds());
const run = (o: SnapshotOverrides) => engine().evaluate(snapshot(o));

/** Level 2 at the bullish gap 50,180-50,240 (price 50,260 has left it upwards), no demand zone. */
const atGapOnly: SnapshotOverrides = {
  nearestDemand: null,
  openFvgs: [
    { fvgId: 'gap', gapType: 'bullish', timeframe: '15m', gapLow: 50_180, gapHigh: 50_240, fillFraction: 0 },
  ],
};

describe('DecisionEngine signals', () => {
  it('signals the base long at 50,260 with the stop at the demand zone low 50,200, score 6.75, medium tier', () => {
    const { record, signal } = engine().evaluate(snapshot());
    expect(signal).toEqual({
      signalId: 'signal-2',
      decisionId: 'decision-1',
      instrumentId: INSTRUMENT,
      direction: 'long',
      entryPrice: 50_260,
      stopPrice: 50_200,
      confluenceScore: 6.75,
      tier: 'medium',
      riskMultiplier: 0.75,
      ts: T0,
    });
    expect(record).toMatchObject({
      decisionId: 'decision-1',
      instrumentId: INSTRUMENT,
      ts: T0,
      price: 50_260,
      direction: 'long',
      rejectedAt: null,
      score: 6.75,
      tier: 'medium',
      signalId: 'signal-2',
    });
    expect(record.stages.map((s) => `${s.stage}:${s.reason}`)).toEqual([
      'regime:uptrend',
      'zone:at_demand_zone',
      'cascade:buying_accelerates',
      'bounce:bouncing_up',
      'primary:buyers_dominate',
      'primary:bullish_rejection',
      'score:tier_medium',
    ]);
    expect(record.filters.map((f) => [f.filter, f.points])).toEqual([
      ['market_profile', 1.5],
      ['mean_reversion', 0.75],
      ['autocorrelation', 1],
      ['demand_zone', 2],
      ['supply_zone', 0],
      ['fair_value_gap', 1.5],
    ]);
  });

  it('signals the mirrored short with the stop at the supply zone high 50,300', () => {
    const { signal, record } = engine().evaluate(shortSnapshot());
    expect(signal).toMatchObject({
      direction: 'short',
      entryPrice: 50_240,
      stopPrice: 50_300,
      confluenceScore: 6.75,
    });
    expect(record.filters.map((f) => f.reason)).toEqual([
      'at_value_area_high',
      'beyond_partial_sigma',
      'low_correlation',
      'fresh_supply_zone',
      'no_target_zone',
      'bearish_fvg_at_price',
    ]);
  });
});

describe('DecisionEngine short-circuit', () => {
  it.each([
    ['regime', { regime: { adx: 10 } }, 1, 'adx_below_threshold'],
    ['zone', { nearestDemand: null, openFvgs: [], profile: null }, 2, 'no_zone_nearby'],
    ['cascade', { orderFlow: { cascade: { '1m': null } } }, 3, 'cascade_incomplete'],
    ['bounce', { live1m: { volume: 10 } }, 4, 'volume_spike_too_low'],
    ['primary', { orderFlow: { imbalance30s: 2 } }, 5, 'order_flow_too_weak'],
    [
      'primary',
      { last1m: { open: 50_265, high: 50_290, low: 50_210, close: 50_270 } },
      6,
      'close_not_near_extreme',
    ],
  ] as const)('stops at %s after %i stages with %s', (stage, overrides, count, reason) => {
    const { record, signal } = run(overrides as SnapshotOverrides);
    expect(signal).toBeUndefined();
    expect(record.rejectedAt).toBe(stage);
    expect(record.stages).toHaveLength(count);
    expect(record.stages.at(-1)).toMatchObject({ stage, passed: false, reason });
    expect(record.filters).toEqual([]);
    expect(record.score).toBeNull();
    expect(record.signalId).toBeNull();
  });

  it('records no direction when the regime is ranging, and the trend direction after it', () => {
    expect(run({ regime: { adx: 10 } }).record.direction).toBeNull();
    expect(run({ live1m: { volume: 10 } }).record.direction).toBe('long');
  });

  it('rejects at score with the filters and the score 2.0 when confluence is under 3', () => {
    const { record, signal } = run({
      ...atGapOnly,
      profile: null,
      meanReversion: { zScore: 0 },
      autocorrelation: 0.45,
    });
    expect(signal).toBeUndefined();
    expect(record).toMatchObject({ rejectedAt: 'score', score: 2, tier: null, signalId: null });
    expect(record.filters.map((f) => f.points)).toEqual([0, 0, 0.5, 0, 0, 1.5]);
    expect(record.stages.at(-1)).toMatchObject({ stage: 'score', reason: 'score_below_minimum' });
  });
});

describe('DecisionEngine stops', () => {
  it('clamps a long stop to 0.5% below entry when the zone low is 0.72% away', () => {
    const { signal } = run({ nearestDemand: { priceLow: 49_900 } });
    expect(signal?.stopPrice).toBeCloseTo(50_260 * 0.995, 9);
  });

  it('clamps a short stop to 0.5% above entry when the zone high is 0.72% away', () => {
    const { signal } = engine().evaluate(shortSnapshot({ nearestSupply: { priceHigh: 50_600 } }));
    expect(signal?.stopPrice).toBeCloseTo(50_240 * 1.005, 9);
  });

  it('uses the far edge of a bullish gap, 50,180, when Level 2 found the gap (score 4.75, low tier)', () => {
    const { signal, record } = run(atGapOnly);
    expect(record.stages[1]?.reason).toBe('at_bullish_fvg');
    expect(signal).toMatchObject({
      stopPrice: 50_180,
      confluenceScore: 4.75,
      tier: 'low',
      riskMultiplier: 0.5,
    });
  });

  it('uses VAL, the low of the value-area bucket, without zone or gap (score 3.25, low tier)', () => {
    const { signal, record } = run({ nearestDemand: null, openFvgs: [] });
    expect(record.stages[1]?.reason).toBe('at_value_area_low');
    expect(signal).toMatchObject({ stopPrice: 50_250, confluenceScore: 3.25, tier: 'low' });
  });
});

describe('DecisionEngine units', () => {
  it('runs injected primary analyzers and reports their reason', () => {
    const veto: PrimaryAnalyzer = {
      name: 'veto',
      analyze: () => ({ stage: 'primary', passed: false, reason: 'vetoed', values: {} }),
    };
    const custom = new DecisionEngine(config, new SequentialIds(), { ...DEFAULT_UNITS, primary: [veto] });
    const { record } = custom.evaluate(snapshot());
    expect(record.rejectedAt).toBe('primary');
    expect(record.stages.at(-1)?.reason).toBe('vetoed');
  });

  it('adds an injected filter to the score', () => {
    const bonus: SecondaryFilter = {
      name: 'bonus',
      evaluate: () => ({ filter: 'bonus', points: 1, weight: 1, reason: 'always' }),
    };
    const units = { ...DEFAULT_UNITS, filters: [...DEFAULT_UNITS.filters, bonus] };
    const { signal } = new DecisionEngine(config, new SequentialIds(), units).evaluate(snapshot());
    expect(signal).toMatchObject({ confluenceScore: 7.75, tier: 'high', riskMultiplier: 1 });
  });
});

describe('DecisionEngine determinism', () => {
  const batch = () => [
    snapshot(),
    snapshot({ ts: T0 + 2_000, regime: { adx: 10 } }),
    shortSnapshot({ ts: T0 + 4_000 }),
    snapshot({ ts: T0 + 90_000 }),
  ];

  it('gives identical records, signals and ids for the same snapshots', () => {
    const a = new DecisionEngine(config, new SequentialIds());
    const b = new DecisionEngine(config, new SequentialIds());
    const first = batch().map((s) => a.evaluate(s));
    const second = batch().map((s) => b.evaluate(s));
    expect(second).toEqual(first);
    expect(first.map((e) => [e.record.decisionId, e.signal?.signalId ?? null])).toEqual([
      ['decision-1', 'signal-2'],
      ['decision-3', null],
      ['decision-4', 'signal-5'],
      ['decision-6', 'signal-7'],
    ]);
  });

  it('takes ids from the injected generator', () => {
    const { record, signal } = new DecisionEngine(config, new SequentialIds('run')).evaluate(snapshot());
    expect(record.decisionId).toBe('run-decision-1');
    expect(signal?.signalId).toBe('run-signal-2');
  });
});
