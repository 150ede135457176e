import { describe, it, expect } from 'vitest';
import { defaultDumpConfig, parseDumpConfig } from '../../../../core/src/config/risk/dump-config.ts';
import { DumpDetector } from '../../../../core/src/risk/portfolio/dump-detector.ts';
import type { Direction } from '../../../../core/src/domain/trading.ts';
import { T0, candle, flat, position, snapshot, type Bar } from './fixtures.ts';

const ENTRY = T0 + 10_000;

/** Tracks one position and feeds 30 s imbalances every 2 s after entry; returns the findings' triggers. */
function flow(
  direction: Direction,
  imbalances: readonly (number | null)[],
  detector = new DumpDetector(defaultDumpConfig),
): string[][] {
  detector.track(position(direction, ENTRY));
  return imbalances.map((imbalance, i) =>
    detector.onSnapshot(snapshot(ENTRY + (i + 1) * 2_000, { imbalance })).map((f) => f.trigger),
  );
}

describe('dump detector order-flow flip', () => {
  it('closes a long when 2.5:1 buying since entry turns into 2.5:1 selling', () => {
    expect(flow('long', [1.5, 2.6, 1.0, 0.5, 0.4])).toEqual([[], [], [], [], ['order_flow_flip']]);
  });

  it('does not flip a long that never saw 2.5:1 buying', () => {
    expect(flow('long', [2.4, 1.2, 0.3, 0.1])).toEqual([[], [], [], []]);
  });

  it('ignores unknown imbalances (fewer than 5 trades) in both phases', () => {
    expect(flow('long', [null, 2.5, null, 0.39])).toEqual([[], [], [], ['order_flow_flip']]);
  });

  it('mirrors for a short: 2.5:1 selling then 2.5:1 buying', () => {
    expect(flow('short', [0.38, 1.0, 2.4, 2.5])).toEqual([[], [], [], ['order_flow_flip']]);
    expect(flow('short', [2.6, 0.5, 3.0])).toEqual([[], [], []]);
  });

  it('counts the imbalance at entry from the snapshot just before the position opened', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    detector.onSnapshot(snapshot(ENTRY - 5_000, { imbalance: 2.8 }));
    expect(flow('long', [0.35], detector)).toEqual([['order_flow_flip']]);

    const stale = new DumpDetector(defaultDumpConfig);
    stale.onSnapshot(snapshot(ENTRY - 40_000, { imbalance: 2.8 }));
    expect(flow('long', [0.35], stale)).toEqual([[]]);
  });

  it('uses the configured threshold', () => {
    const detector = new DumpDetector(parseDumpConfig({ orderFlowFlip: { imbalanceThreshold: 3 } }));
    expect(flow('long', [2.8, 0.3, 3.1, 0.34, 0.33], detector)).toEqual([
      [],
      [],
      [],
      [],
      ['order_flow_flip'],
    ]);
  });
});

describe('dump detector lifecycle', () => {
  const sellHeavy: Bar = { o: 3000, h: 3002, l: 2998, c: 3000, buy: 4, sell: 6 };

  it('yields one finding per position, then stays silent while it exits', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    detector.track(position('long', T0 - 1));
    const triggers = [0, 1, 2, 3, 4].map((i) => detector.onCandle(candle(i, sellHeavy)).length);
    expect(triggers).toEqual([0, 0, 1, 0, 0]);
    detector.onSnapshot(snapshot(T0 + 1_000, { imbalance: 3 }));
    expect(detector.onSnapshot(snapshot(T0 + 3_000, { imbalance: 0.2 }))).toEqual([]);
  });

  it('judges a long and a short on the same instrument each by its own side', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    detector.track(position('long', T0 - 1, 3000, 'long-1'));
    detector.track(position('short', T0 - 1, 3000, 'short-1'));
    const found = [0, 1, 2].flatMap((i) => detector.onCandle(candle(i, sellHeavy)).map((f) => f.positionId));
    expect(found).toEqual(['long-1']);
  });

  it('forgets untracked positions and ignores other timeframes and a disabled config', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    detector.track(position('long', T0 - 1));
    expect(detector.trackedCount).toBe(1);
    detector.untrack('pos-1');
    expect(detector.trackedCount).toBe(0);
    expect([0, 1, 2].flatMap((i) => detector.onCandle(candle(i, sellHeavy)))).toEqual([]);

    const fiveMinute = new DumpDetector(defaultDumpConfig);
    fiveMinute.track(position('long', T0 - 1));
    expect(
      [0, 1, 2].flatMap((i) => fiveMinute.onCandle({ ...candle(i, sellHeavy), timeframe: '5m' })),
    ).toEqual([]);

    const disabled = new DumpDetector(parseDumpConfig({ enabled: false }));
    disabled.track(position('long', T0 - 1));
    expect([0, 1, 2].flatMap((i) => disabled.onCandle(candle(i, sellHeavy)))).toEqual([]);
  });

  it('keeps the candle history of instruments without positions, so a new position has its averages', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    for (let i = 0; i < 20; i++) detector.onCandle(candle(i, flat(3000, 15)));
    detector.track(position('long', T0 + 20 * 60_000));
    const spike: Bar = { o: 3000, h: 3000.5, l: 2990, c: 2990.6, buy: 12, sell: 18 };
    expect(detector.onCandle(candle(20, spike)).map((f) => f.trigger)).toEqual(['volume_spike_drop']);
  });
});
