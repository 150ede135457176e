import { describe, it, expect } from 'vitest';
import { parseDumpConfig } from '../../../../core/src/config/risk/dump-config.ts';
import type { ZoneView } from '../../../../core/src/events/analytics-snapshot.ts';
import { flat, mirrorBar, mirrorZone, repeat, run, zone, type Bar } from './fixtures.ts';

interface Scenario {
  readonly trigger: string;
  readonly history: readonly Bar[];
  readonly after: readonly Bar[];
  readonly zone?: ZoneView;
}

const calm = repeat(flat(), 20);
const sellHeavy: Bar = { o: 3000, h: 3002, l: 2998, c: 3000, buy: 4, sell: 6 };

/** Each scenario fires exactly its trigger, on its last candle only, for a long. */
const scenarios: readonly Scenario[] = [
  { trigger: 'volume_reversal', history: calm, after: repeat(sellHeavy, 3) },
  {
    trigger: 'volume_spike_drop',
    history: repeat(flat(3000, 15), 20),
    // 30 = 3x the average of 10, close vs open -0.313%.
    after: [{ o: 3000, h: 3000.5, l: 2990, c: 2990.6, buy: 12, sell: 18 }],
  },
  {
    trigger: 'momentum_breakdown',
    history: calm,
    after: [
      { o: 3000, h: 3001.5, l: 2997.5, c: 2999, buy: 5, sell: 5 },
      { o: 2999, h: 3001, l: 2997, c: 2998.5, buy: 5, sell: 5 },
      { o: 2998.5, h: 3000.5, l: 2996.5, c: 2997.5, buy: 5, sell: 5 },
    ],
  },
  // Swing low of the previous 10 candles is 2998; volume 11 > average 10.
  {
    trigger: 'swing_low_break',
    history: calm,
    after: [{ o: 3000, h: 3000.5, l: 2997, c: 2997.5, buy: 6, sell: 5 }],
  },
  {
    trigger: 'resistance_rejection',
    history: calm,
    // Upper wick (3020 - 3002) / 3002 = 0.60% into supply 3010-3020.
    after: [{ o: 3000, h: 3020, l: 2999, c: 3002, buy: 6, sell: 4 }],
    zone: zone('supply', 3010, 3020),
  },
];

function triggersPerCandle(findings: ReturnType<typeof run>): string[][] {
  return findings.map((list) => list.flatMap((f) => f.triggers));
}

describe('dump detector candle triggers', () => {
  for (const s of scenarios) {
    const silentBefore = s.after.slice(0, -1).map(() => []);
    const options = s.zone ? { zone: s.zone } : {};

    it(`fires ${s.trigger} for a long on the last candle of its sequence and nothing else`, () => {
      const findings = run('long', s.history, s.after, options);
      expect(triggersPerCandle(findings)).toEqual([...silentBefore, [s.trigger]]);
      const last = findings.at(-1)?.[0];
      expect(last?.action).toEqual({
        kind: 'close',
        positionId: 'pos-1',
        reason: 'dump_detected',
        detail: last?.detail,
      });
      expect(last?.price).toBe(s.after.at(-1)?.c);
    });

    it(`fires ${s.trigger} for a short on the mirrored sequence`, () => {
      const mirrored = { history: s.history.map(mirrorBar), after: s.after.map(mirrorBar) };
      const mirroredOptions = s.zone ? { zone: mirrorZone(s.zone) } : {};
      const findings = run('short', mirrored.history, mirrored.after, mirroredOptions);
      expect(triggersPerCandle(findings)).toEqual([...silentBefore, [s.trigger]]);
      expect(findings.at(-1)?.[0]?.price).toBe(2 * 3000 - (s.after.at(-1)?.c ?? 0));
    });

    it(`does not fire ${s.trigger} for a long on the mirrored (favourable) sequence`, () => {
      const mirroredOptions = s.zone ? { zone: mirrorZone(s.zone) } : {};
      const findings = run('long', s.history.map(mirrorBar), s.after.map(mirrorBar), mirroredOptions);
      expect(triggersPerCandle(findings).flat()).toEqual([]);
    });
  }
});

describe('dump detector near misses', () => {
  const none = (findings: ReturnType<typeof run>): string[] => triggersPerCandle(findings).flat();

  it('needs three sell-heavy candles, strictly sell > buy, all closed after entry', () => {
    expect(none(run('long', calm, repeat(sellHeavy, 2)))).toEqual([]);
    const even = { ...sellHeavy, buy: 5, sell: 5 };
    expect(none(run('long', calm, [sellHeavy, even, sellHeavy]))).toEqual([]);
    // Two sell-heavy candles before entry plus one after is not a reversal of this position.
    expect(none(run('long', [...calm, sellHeavy, sellHeavy], [sellHeavy]))).toEqual([]);
  });

  it('applies a stricter sell/buy ratio when configured (design YAML 1.5)', () => {
    const config = parseDumpConfig({ volumeReversal: { sellBuyRatio: 1.5 } });
    expect(none(run('long', calm, repeat(sellHeavy, 3), { config }))).toEqual([]);
    const heavier = { ...sellHeavy, buy: 3.9, sell: 6.1 };
    expect(none(run('long', calm, repeat(heavier, 3), { config }))).toEqual(['volume_reversal']);
  });

  it('needs the spike at 3x volume and a move above 0.3%, with 20 candles of history', () => {
    const wide = repeat(flat(3000, 15), 20);
    const smallMove = { o: 3000, h: 3000.5, l: 2990, c: 2991.3, buy: 12, sell: 18 }; // -0.29%
    const lowVolume = { o: 3000, h: 3000.5, l: 2990, c: 2990.6, buy: 11, sell: 18 }; // 2.9x
    const spike = { o: 3000, h: 3000.5, l: 2990, c: 2990.6, buy: 12, sell: 18 };
    expect(none(run('long', wide, [smallMove]))).toEqual([]);
    expect(none(run('long', wide, [lowVolume]))).toEqual([]);
    expect(none(run('long', wide.slice(0, 19), [spike]))).toEqual([]);
  });

  it('breaks the lower-highs pattern on an equal high', () => {
    const after = [
      { o: 3000, h: 3001.5, l: 2997.5, c: 2999, buy: 6, sell: 4 },
      { o: 2999, h: 3001.5, l: 2997, c: 2998.5, buy: 6, sell: 4 },
      { o: 2998.5, h: 3000.5, l: 2996.5, c: 2997.5, buy: 6, sell: 4 },
    ];
    expect(none(run('long', calm, after))).toEqual([]);
  });

  it('needs the swing-low close on above-average volume and strictly below the low', () => {
    expect(none(run('long', calm, [{ o: 3000, h: 3000.5, l: 2997, c: 2997.5, buy: 6, sell: 4 }]))).toEqual(
      [],
    );
    expect(none(run('long', calm, [{ o: 3000, h: 3000.5, l: 2997, c: 2998, buy: 6, sell: 5 }]))).toEqual([]);
  });

  it('needs the rejection wick above 0.5% and the high inside the supply zone', () => {
    const supply = { zone: zone('supply', 3010, 3020) };
    const shortWick = { o: 3000, h: 3015, l: 2999, c: 3001.5, buy: 6, sell: 4 }; // 0.45%
    const belowZone = { o: 2995, h: 3009, l: 2990, c: 2991, buy: 6, sell: 4 }; // 0.60% but under 3010
    expect(none(run('long', calm, [shortWick], supply))).toEqual([]);
    expect(none(run('long', calm, [belowZone], supply))).toEqual([]);
    expect(none(run('long', calm, [{ o: 3000, h: 3020, l: 2999, c: 3002, buy: 6, sell: 4 }]))).toEqual([]);
  });

  it('stays silent for 40 minutes of a healthy rising market, and for a short on its mirror', () => {
    const rising: Bar[] = Array.from({ length: 60 }, (_, i) => {
      const o = 2980 + i;
      return { o, h: o + 1.1, l: o - 0.3, c: o + 0.8, buy: 6 + (i % 3), sell: 4 };
    });
    expect(none(run('long', rising.slice(0, 20), rising.slice(20)))).toEqual([]);
    expect(none(run('short', rising.slice(0, 20).map(mirrorBar), rising.slice(20).map(mirrorBar)))).toEqual(
      [],
    );
  });
});
