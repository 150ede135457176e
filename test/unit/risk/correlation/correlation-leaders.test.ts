import { describe, it, expect } from 'vitest';
import {
  defaultCorrelationConfig,
  parseCorrelationConfig,
} from '../../../../core/src/config/risk/correlation-config.ts';
import {
  CorrelationMonitor,
  type LeaderMove,
} from '../../../../core/src/risk/portfolio/correlation-monitor.ts';
import type { TradeTick } from '../../../../core/src/domain/ticks.ts';
import { BTC, SOL, T0, linearPath, tick } from './fixtures.ts';

function moves(
  ticks: readonly TradeTick[],
  monitor = new CorrelationMonitor(defaultCorrelationConfig),
): { i: number; move: LeaderMove }[] {
  const out: { i: number; move: LeaderMove }[] = [];
  ticks.forEach((t, i) => {
    const move = monitor.onTrade(t);
    if (move) out.push({ i, move });
  });
  return out;
}

describe('leader move detection on ticks', () => {
  it('fires once when BTC falls more than 1.5% within 5 minutes (1.6% over 4 minutes)', () => {
    const path = linearPath(BTC, T0, 50_000, 49_200, 4);
    const found = moves(path);
    // Tick k is at 50,000 - 800 k / 24; k = 23 (49,233.3, -1.533%) is the first past -1.5%.
    expect(found.map((f) => f.i)).toEqual([23]);
    const move = found[0]?.move;
    expect(move?.kind).toBe('dump');
    expect(move?.move).toBeCloseTo(-(50_000 - (50_000 - (800 * 23) / 24)) / 50_000, 12);
    expect(move?.fromPrice).toBe(50_000);
    expect(move?.fromTs).toBe(T0);
    expect(move?.ts).toBe(T0 + 230_000);
    expect(move).toMatchObject({
      leader: BTC,
      symbol: 'BTCUSDT',
      venueKey: 'binance-spot',
      windowMs: 300_000,
    });
  });

  it('ignores a 1.4% fall within 4 minutes', () => {
    expect(moves(linearPath(BTC, T0, 50_000, 49_300, 4))).toEqual([]);
  });

  it('ignores a 1.6% fall spread over 7 minutes (at most ~1.14% in any 5 minutes)', () => {
    expect(moves(linearPath(BTC, T0, 50_000, 49_200, 7))).toEqual([]);
  });

  it('re-arms once the move is back within the threshold', () => {
    const down = linearPath(BTC, T0, 50_000, 49_200, 4);
    const up = linearPath(BTC, T0 + 250_000, 49_250, 49_800, 1);
    const downAgain = linearPath(BTC, T0 + 320_000, 49_800, 49_000, 2);
    const found = moves([...down, ...up, ...downAgain]);
    expect(found.map((f) => f.move.kind)).toEqual(['dump', 'dump']);
    // The second episode measures from the 5-minute high still in the window.
    expect(found[1]?.move.fromPrice).toBe(49_800);
  });

  it('mirrors a 1.6% rise as a pump, unless pumps are switched off', () => {
    const path = linearPath(BTC, T0, 50_000, 50_800, 4);
    expect(moves(path).map((f) => [f.i, f.move.kind])).toEqual([[23, 'pump']]);
    const off = new CorrelationMonitor(parseCorrelationConfig({ mirrorPumps: false }));
    expect(moves(path, off)).toEqual([]);
  });

  it('watches only the configured leader symbols, on any venue key', () => {
    expect(moves(linearPath(SOL, T0, 100, 97, 2))).toEqual([]);
    const solLed = new CorrelationMonitor(parseCorrelationConfig({ leaders: ['SOLUSDT'] }));
    expect(moves(linearPath(SOL, T0, 100, 97, 2), solLed).map((f) => f.move.symbol)).toEqual(['SOLUSDT']);
    expect(moves(linearPath(BTC, T0, 50_000, 49_000, 2), solLed)).toEqual([]);
    const futures = moves(linearPath('binance-usdm:BTCUSDT', T0, 50_000, 49_000, 2));
    expect(futures.map((f) => f.move.venueKey)).toEqual(['binance-usdm']);
  });

  it('does nothing when disabled', () => {
    const off = new CorrelationMonitor(parseCorrelationConfig({ enabled: false }));
    expect(moves(linearPath(BTC, T0, 50_000, 49_000, 2), off)).toEqual([]);
    expect(off.onTrade(tick(BTC, T0 + 1e6, 1))).toBeUndefined();
  });
});
