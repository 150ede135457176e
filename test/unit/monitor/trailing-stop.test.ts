import { describe, expect, it } from 'vitest';
import { TrailingStop, clampInitialStop } from '../../../core/src/risk/monitor/trailing-stop.ts';

const pnl = (entry: number, exit: number, sign: 1 | -1): number => (sign * (exit - entry)) / entry;

describe('TrailingStop (design 2.5)', () => {
  it('reproduces the long worked example: 49,750, 50,247.50, 50,745, then a trade at 50,745 exits at +1.49%', () => {
    const stop = new TrailingStop({
      direction: 'long',
      entryPrice: 50_000,
      initialStop: 49_750,
      trailingDistance: 0.005,
    });
    expect(stop.stop).toBe(49_750);
    expect(stop.onPrice(50_500)).toEqual({ stop: 50_247.5, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(51_000)).toEqual({ stop: 50_745, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(50_800)).toEqual({ stop: 50_745, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(50_745)).toEqual({ stop: 50_745, hit: true, which: 'trailing_stop' });
    expect(pnl(50_000, 50_745, 1)).toBeCloseTo(0.0149, 12);
  });

  it('exits a long at -0.5% when the first trade after entry is 49,750', () => {
    const stop = new TrailingStop({
      direction: 'long',
      entryPrice: 50_000,
      initialStop: 49_750,
      trailingDistance: 0.005,
    });
    expect(stop.onPrice(49_751)).toEqual({ stop: 49_750, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(49_750)).toEqual({ stop: 49_750, hit: true, which: 'trailing_stop' });
    expect(pnl(50_000, 49_750, 1)).toBeCloseTo(-0.005, 12);
  });

  it('mirrors the example for a short: 50,250, 49,747.50, 49,245, exit at 49,245 for +1.51%', () => {
    const stop = new TrailingStop({
      direction: 'short',
      entryPrice: 50_000,
      initialStop: 50_250,
      trailingDistance: 0.005,
    });
    expect(stop.stop).toBe(50_250);
    expect(stop.onPrice(49_500)).toEqual({ stop: 49_747.5, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(49_000)).toEqual({ stop: 49_245, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(49_244)).toEqual({ stop: 49_245, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(49_245)).toEqual({ stop: 49_245, hit: true, which: 'trailing_stop' });
    expect(pnl(50_000, 49_245, -1)).toBeCloseTo(0.0151, 12);
  });

  it('exits a short at -0.5% when the first trade after entry is 50,250', () => {
    const stop = new TrailingStop({
      direction: 'short',
      entryPrice: 50_000,
      initialStop: 50_250,
      trailingDistance: 0.005,
    });
    expect(stop.onPrice(50_250).hit).toBe(true);
    expect(pnl(50_000, 50_250, -1)).toBeCloseTo(-0.005, 12);
  });

  it('never widens: a pull-back leaves the stop where the best price put it', () => {
    const stop = new TrailingStop({
      direction: 'long',
      entryPrice: 100,
      initialStop: 99.5,
      trailingDistance: 0.01,
    });
    const levels = [101, 100.5, 102, 101.5, 101.2].map((p) => stop.onPrice(p).stop);
    expect(levels).toEqual([99.99, 99.99, 100.98, 100.98, 100.98]);
    expect(stop.bestPrice).toBe(102);
  });

  it('uses a tighter zone stop (0.3%) until the trailing stop passes it', () => {
    const stop = new TrailingStop({
      direction: 'long',
      entryPrice: 50_000,
      initialStop: 49_850,
      trailingDistance: 0.005,
    });
    expect(stop.which).toBe('initial_stop');
    expect(stop.onPrice(50_100)).toEqual({ stop: 49_850, hit: false, which: 'initial_stop' });
    expect(stop.onPrice(50_200)).toEqual({ stop: 49_949, hit: false, which: 'trailing_stop' });
    expect(stop.onPrice(49_949).hit).toBe(true);
  });

  it('hits a tighter zone stop before the trailing stop would', () => {
    const stop = new TrailingStop({
      direction: 'short',
      entryPrice: 50_000,
      initialStop: 50_150,
      trailingDistance: 0.005,
    });
    expect(stop.onPrice(50_150)).toEqual({ stop: 50_150, hit: true, which: 'initial_stop' });
  });

  it('rejects an initial stop on the winning side of entry as a bug', () => {
    expect(
      () =>
        new TrailingStop({
          direction: 'long',
          entryPrice: 50_000,
          initialStop: 50_100,
          trailingDistance: 0.005,
        }),
    ).toThrow(/losing side/);
    expect(
      () =>
        new TrailingStop({
          direction: 'short',
          entryPrice: 50_000,
          initialStop: 49_900,
          trailingDistance: 0.005,
        }),
    ).toThrow(/losing side/);
  });
});

describe('clampInitialStop', () => {
  it('pulls a zone stop further than 0.5% in to 0.5% and keeps a closer one', () => {
    expect(clampInitialStop('long', 50_000, 49_000, 0.005)).toBe(49_750);
    expect(clampInitialStop('long', 50_000, 49_900, 0.005)).toBe(49_900);
    expect(clampInitialStop('short', 50_000, 51_000, 0.005)).toBe(50_250);
    expect(clampInitialStop('short', 50_000, 50_100, 0.005)).toBe(50_100);
  });
});

describe('TrailingStop tightening by portfolio risk', () => {
  it('moves a long stop from 0.5% to 0.3% below the best price and never back', () => {
    const stop = new TrailingStop({
      direction: 'long',
      entryPrice: 50_000,
      initialStop: 49_750,
      trailingDistance: 0.005,
    });
    stop.feed(51_000);
    expect(stop.stop).toBe(50_745);
    stop.tighten(0.003);
    expect(stop.stop).toBe(51_000 - 153);
    stop.tighten(0.005);
    expect(stop.stop).toBe(51_000 - 153);
    expect(stop.feed(50_847)).toBe(true);
  });
});
