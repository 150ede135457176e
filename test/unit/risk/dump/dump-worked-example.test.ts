import { describe, it, expect } from 'vitest';
import { defaultDumpConfig } from '../../../../core/src/config/risk/dump-config.ts';
import { DumpDetector } from '../../../../core/src/risk/portfolio/dump-detector.ts';
import { MIN, T0, candle, position, snapshot, zone, type Bar } from './fixtures.ts';

/**
 * Design 2.2.5: LONG ETH @ 3,000, high 3,020 (trailing stop 3,004.90); at 3,018 sell > buy on three 1m
 * candles, order flow 2.8:1 buy → 2.3:1 sell, lower highs forming → exit at 3,018 (+0.6%).
 */
describe('dump detector on the design worked example', () => {
  const warmUp: Bar[] = Array.from({ length: 20 }, (_, i) => {
    const o = 2990 + i * 0.5;
    return { o, h: o + 0.8, l: o - 0.3, c: o + 0.5, buy: 6, sell: 4 };
  });
  const rally: Bar[] = [
    { o: 3000, h: 3006, l: 2999, c: 3005, buy: 7, sell: 3 },
    { o: 3005, h: 3011, l: 3004, c: 3010, buy: 7, sell: 3 },
    { o: 3010, h: 3017.8, l: 3009.5, c: 3017.5, buy: 7, sell: 3 },
    { o: 3017.5, h: 3020, l: 3017.4, c: 3019.5, buy: 6, sell: 4 },
  ];
  // Sell-heavy, each with a lower high and a lower low than the one before.
  const rollover: Bar[] = [
    { o: 3019.5, h: 3019.8, l: 3017.2, c: 3018.2, buy: 4, sell: 6 },
    { o: 3018.2, h: 3019.5, l: 3017, c: 3018.5, buy: 4, sell: 6 },
    { o: 3018.5, h: 3019.2, l: 3016.8, c: 3018, buy: 4, sell: 6 },
  ];

  it('exits at 3,018 on volume reversal and lower highs, while the 2.3:1 sell flow alone would not', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    warmUp.forEach((bar, i) => detector.onCandle(candle(i, bar)));
    const entryTime = T0 + 20 * MIN + 5_000;
    detector.track(position('long', entryTime));
    // Supply far above: the rejection rule has a zone but is not reached.
    const supply = zone('supply', 3050, 3060);
    expect(
      detector.onSnapshot(snapshot(entryTime + 1_000, { imbalance: 2.8, lastPrice: 3000.5, supply })),
    ).toEqual([]);
    const rallyFindings = rally.map((bar, i) => detector.onCandle(candle(20 + i, bar)));
    expect(rallyFindings.flat()).toEqual([]);

    expect(detector.onCandle(candle(24, rollover[0] as Bar))).toEqual([]);
    expect(detector.onCandle(candle(25, rollover[1] as Bar))).toEqual([]);
    // 2.3:1 selling is 1/2.3 = 0.435, above the 1/2.5 = 0.4 the flip needs.
    const flow = detector.onSnapshot(
      snapshot(T0 + 26 * MIN + 30_000, { imbalance: 1 / 2.3, lastPrice: 3018.4, supply }),
    );
    expect(flow).toEqual([]);

    const [finding, ...rest] = detector.onCandle(candle(26, rollover[2] as Bar));
    expect(rest).toEqual([]);
    expect(finding?.triggers).toEqual(['volume_reversal', 'momentum_breakdown']);
    expect(finding?.trigger).toBe('volume_reversal');
    expect(finding?.price).toBe(3018);
    expect(finding?.ts).toBe(T0 + 27 * MIN);
    expect(finding?.action.reason).toBe('dump_detected');
    expect(finding?.detail).toBe(
      'volume_reversal: sell > buy volume on 3 consecutive 1m candles; momentum_breakdown: 3 lower highs and lower lows on 1m',
    );
    const exitProfit = ((finding?.price ?? 0) - 3000) / 3000;
    const trailingStop = 3020 * (1 - 0.005);
    expect(exitProfit).toBeCloseTo(0.006, 10);
    expect(trailingStop).toBeCloseTo(3004.9, 10);
    expect((trailingStop - 3000) / 3000).toBeCloseTo(0.00163, 5);
  });

  it('would have flipped on 2.5:1 selling after the 2.8:1 buying', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    const entryTime = T0 + 5_000;
    detector.track(position('long', entryTime));
    detector.onSnapshot(snapshot(entryTime + 2_000, { imbalance: 2.8, lastPrice: 3020 }));
    const [finding] = detector.onSnapshot(
      snapshot(entryTime + 4_000, { imbalance: 1 / 2.5, lastPrice: 3018 }),
    );
    expect(finding?.trigger).toBe('order_flow_flip');
    expect(finding?.detail).toBe('order_flow_flip: 30s imbalance 2.50:1 sell after 2.80:1 buy since entry');
    expect(finding?.price).toBe(3018);
  });
});
