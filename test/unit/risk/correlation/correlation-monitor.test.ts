import { describe, it, expect } from 'vitest';
import {
  defaultCorrelationConfig,
  parseCorrelationConfig,
} from '../../../../core/src/config/risk/correlation-config.ts';
import {
  CorrelationMonitor,
  classify,
  type LeaderMove,
} from '../../../../core/src/risk/portfolio/correlation-monitor.ts';
import {
  BTC,
  ETH,
  MIN,
  PEPE,
  SOL,
  T0,
  candle,
  correlatedReturns,
  feed,
  linearPath,
  position,
} from './fixtures.ts';

const N = 1_440;
const SEED = 7;

/** A day of 1m candles where ETH, SOL and PEPE correlate with BTC at ~0.85, ~0.72 and ~0.45. */
function market(config = defaultCorrelationConfig): {
  monitor: CorrelationMonitor;
  last: Record<string, number>;
} {
  const monitor = new CorrelationMonitor(config);
  const { leader, followers } = correlatedReturns(SEED, N, { [ETH]: 0.85, [SOL]: 0.72, [PEPE]: 0.45 });
  const last: Record<string, number> = {
    [BTC]: feed(monitor, BTC, 50_000, leader),
    [ETH]: feed(monitor, ETH, 3_000, followers[ETH] ?? []),
    [SOL]: feed(monitor, SOL, 100, followers[SOL] ?? []),
    [PEPE]: feed(monitor, PEPE, 0.00001, followers[PEPE] ?? []),
  };
  return { monitor, last };
}

function firstMove(
  monitor: CorrelationMonitor,
  from: number,
  to: number,
  minutes: number,
): LeaderMove | undefined {
  for (const t of linearPath(BTC, T0 + (N + 1) * MIN + 10_000, from, to, minutes)) {
    const move = monitor.onTrade(t);
    if (move) return move;
  }
  return undefined;
}

describe('correlation monitor on the design example', () => {
  it('measures the seeded correlations in their bands', () => {
    const { monitor } = market();
    const c = monitor.correlations();
    expect(c.get(ETH)?.BTCUSDT).toBeCloseTo(0.85, 1);
    expect(c.get(ETH)?.BTCUSDT).toBeGreaterThan(0.7);
    expect(c.get(SOL)?.BTCUSDT).toBeGreaterThan(0.7);
    expect(c.get(SOL)?.BTCUSDT).toBeLessThan(0.75);
    expect(c.get(PEPE)?.BTCUSDT).toBeGreaterThanOrEqual(0.4);
    expect(c.get(PEPE)?.BTCUSDT).toBeLessThan(0.5);
    // ETH is a leader too, so followers also carry an ETH correlation; no instrument against itself.
    expect(Object.keys(c.get(SOL) ?? {}).sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(Object.keys(c.get(BTC) ?? {})).toEqual(['ETHUSDT']);
    expect(monitor.refreshedAt).toBe(T0 + N * MIN);
  });

  it('exits ETH and SOL longs, tightens PEPE and keeps the BTC short when BTC falls 1.6% in 4 minutes', () => {
    const { monitor } = market();
    const move = firstMove(monitor, 50_000, 49_200, 4);
    expect(move?.kind).toBe('dump');
    const positions = [
      position('eth-long', ETH, 'long'),
      position('sol-long', SOL, 'long'),
      position('pepe-long', PEPE, 'long'),
      position('btc-short', BTC, 'short'),
      position('sol-futures', 'binance-usdm:SOLUSDT', 'long'),
    ];
    const finding = monitor.evaluate(move as LeaderMove, positions);
    // The design's example calls PEPE (0.45) "keep"; the bands (exit > 0.7, tighten 0.4-0.7) win.
    expect(finding.affected.map((a) => [a.positionId, a.action])).toEqual([
      ['eth-long', 'exit'],
      ['sol-long', 'exit'],
      ['pepe-long', 'tighten'],
      ['btc-short', 'keep'],
    ]);
    expect(finding.affected[0]?.correlation).toBe(monitor.correlations().get(ETH)?.BTCUSDT);
    expect(finding.insufficientData).toEqual([]);
    expect(finding.actions.map((a) => a.kind)).toEqual(['close', 'close', 'tighten_stops']);
    expect(finding.actions[0]).toMatchObject({
      kind: 'close',
      positionId: 'eth-long',
      reason: 'correlated_dump',
    });
    expect(finding.actions[2]).toEqual({
      kind: 'tighten_stops',
      trailingDistance: 0.003,
      positionIds: ['pepe-long'],
      reason: 'correlated_dump',
    });
    expect(finding.actions[1]).toMatchObject({
      detail: expect.stringMatching(/^BTCUSDT -1\.53% in 5 min; correlation 0\.7\d > 0\.7$/),
    });
  });

  it('mirrors a BTC pump onto shorts and leaves longs alone', () => {
    const { monitor } = market();
    const move = firstMove(monitor, 50_000, 50_800, 4);
    expect(move?.kind).toBe('pump');
    const positions = [
      position('sol-short', SOL, 'short'),
      position('eth-long', ETH, 'long'),
      position('pepe-short', PEPE, 'short'),
    ];
    const finding = monitor.evaluate(move as LeaderMove, positions);
    expect(finding.affected.map((a) => a.action)).toEqual(['exit', 'keep', 'tighten']);
  });

  it('sends no tighten action when nothing sits in the 0.4-0.7 band', () => {
    const { monitor } = market();
    const move = firstMove(monitor, 50_000, 49_200, 4) as LeaderMove;
    const finding = monitor.evaluate(move, [
      position('eth-long', ETH, 'long'),
      position('eth-short', ETH, 'short'),
    ]);
    expect(finding.actions.map((a) => a.kind)).toEqual(['close']);
  });
});

describe('correlation monitor refresh and data needs', () => {
  it('changes correlation values only at 5-minute boundaries of event time', () => {
    const { monitor, last } = market();
    const extra = correlatedReturns(99, 10, { [ETH]: -0.9, [SOL]: 0, [PEPE]: 0 });
    const series: Record<string, readonly number[]> = { [BTC]: extra.leader, ...extra.followers };
    const seen: (number | undefined)[] = [];
    for (let k = 0; k < 10; k++) {
      for (const id of [BTC, ETH, SOL, PEPE]) {
        const prev = last[id] as number;
        const next = prev * Math.exp(series[id]?.[k] ?? 0);
        monitor.onCandle(candle(id, N + 1 + k, prev, next));
        last[id] = next;
      }
      seen.push(monitor.correlations().get(ETH)?.BTCUSDT);
    }
    // Candles 1441-1450 close at minutes 1442-1451; refreshes happen at minutes 1445 and 1450.
    const changes = seen.map((v, k) => (k === 0 ? false : v !== seen[k - 1]));
    expect(changes).toEqual([false, false, false, true, false, false, false, false, true, false]);
    expect(monitor.refreshedAt).toBe(T0 + 1_450 * MIN);
  });

  it('needs 30 aligned returns before it reports a correlation', () => {
    const monitor = new CorrelationMonitor(defaultCorrelationConfig);
    // BTC candles 0-34 close at minute 35, a refresh boundary, so every return counts.
    const { leader, followers } = correlatedReturns(3, 34, { [ETH]: 0.8, [SOL]: 0.8 });
    feed(monitor, BTC, 50_000, leader);
    feed(monitor, ETH, 3_000, (followers[ETH] ?? []).slice(4), 4); // returns closing at minutes 6-35: 30
    feed(monitor, SOL, 100, (followers[SOL] ?? []).slice(5), 5); // 29
    expect(monitor.refreshedAt).toBeUndefined();
    const c = monitor.correlations();
    expect(monitor.refreshedAt).toBe(T0 + 35 * MIN);
    expect(c.get(ETH)?.BTCUSDT).toBeGreaterThan(0.5);
    expect(c.has(SOL)).toBe(false);
    const move = {
      leader: BTC,
      symbol: 'BTCUSDT',
      venueKey: 'binance-spot',
      kind: 'dump',
      move: -0.02,
    } as LeaderMove;
    const finding = monitor.evaluate(move, [position('sol-long', SOL, 'long')]);
    expect(finding.insufficientData).toEqual(['sol-long']);
    expect(finding.actions).toEqual([]);
  });

  it('exits strictly above 0.7, tightens from 0.4 up to 0.7, and only for the exposed side', () => {
    const c = defaultCorrelationConfig;
    const actions = [0.71, 0.7, 0.4, 0.399, -0.9].map((r) => classify('long', 'dump', r, c));
    expect(actions).toEqual(['exit', 'tighten', 'tighten', 'keep', 'keep']);
    expect([
      classify('short', 'dump', 0.99, c),
      classify('short', 'pump', 0.99, c),
      classify('long', 'pump', 0.99, c),
    ]).toEqual(['keep', 'exit', 'keep']);
  });

  it('applies configured thresholds', () => {
    const { monitor } = market(parseCorrelationConfig({ exitCorrelation: 0.86, tightenCorrelation: 0.72 }));
    const move = firstMove(monitor, 50_000, 49_200, 4) as LeaderMove;
    const positions = [
      position('eth', ETH, 'long'),
      position('sol', SOL, 'long'),
      position('pepe', PEPE, 'long'),
    ];
    expect(monitor.evaluate(move, positions).affected.map((a) => a.action)).toEqual([
      'tighten',
      'tighten',
      'keep',
    ]);
  });
});
