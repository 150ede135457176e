import { describe, it, expect } from 'vitest';
import { defaultDumpConfig } from '../../../../core/src/config/risk/dump-config.ts';
import { DumpDetector } from '../../../../core/src/risk/portfolio/dump-detector.ts';
import { ETH, MIN, T0, position } from './fixtures.ts';

const POOL = 'uniswap-v3:0xpool';

/** Readings as [minutes after T0, liquidity]; returns the trigger codes per reading. */
function readings(path: readonly (readonly [number, number])[], detector = tracked()): string[][] {
  return path.map(([minute, liquidityUsd]) =>
    detector
      .onLiquidity({ instrumentId: ETH, pool: POOL, liquidityUsd, ts: T0 + minute * MIN })
      .map((f) => f.trigger),
  );
}

function tracked(): DumpDetector {
  const detector = new DumpDetector(defaultDumpConfig);
  detector.track(position('long', T0));
  return detector;
}

describe('dump detector liquidity evaporation', () => {
  it('closes when pool liquidity falls 31% below its 10-minute maximum', () => {
    expect(
      readings([
        [0, 100_000],
        [3, 105_000],
        [5, 90_000],
        [9, 72_450],
      ]),
    ).toEqual([[], [], [], ['liquidity_evaporation']]);
  });

  it('keeps the position on a 29% fall', () => {
    expect(
      readings([
        [0, 100_000],
        [5, 90_000],
        [9, 71_000],
      ]),
    ).toEqual([[], [], []]);
  });

  it('does not count a fall spread over more than 10 minutes', () => {
    // At minute 11 the window holds minutes 1-11: max 85,000, so 69,000 is only an 18.8% fall.
    expect(
      readings([
        [0, 100_000],
        [5, 85_000],
        [11, 69_000],
      ]),
    ).toEqual([[], [], []]);
  });

  it('still counts a reading exactly 10 minutes old', () => {
    expect(
      readings([
        [0, 100_000],
        [10, 69_000],
      ]),
    ).toEqual([[], ['liquidity_evaporation']]);
  });

  it('reports the pool, the drop and the last known price, once per position', () => {
    const detector = tracked();
    detector.onTrade({
      instrumentId: ETH,
      ts: T0,
      localTs: T0,
      price: 2_990,
      qty: 1,
      side: 'sell',
      tradeId: 1,
    });
    readings([[0, 200_000]], detector);
    const [finding] = detector.onLiquidity({
      instrumentId: ETH,
      pool: POOL,
      liquidityUsd: 100_000,
      ts: T0 + MIN,
    });
    expect(finding?.detail).toBe(
      'liquidity_evaporation: pool uniswap-v3:0xpool liquidity $100000 down 50.00% from $200000 within 10 min',
    );
    expect(finding?.price).toBe(2_990);
    expect(readings([[2, 50_000]], detector)).toEqual([[]]);
  });

  it('watches each pool and instrument separately and keeps windows while no position is open', () => {
    const detector = new DumpDetector(defaultDumpConfig);
    detector.onLiquidity({ instrumentId: ETH, pool: POOL, liquidityUsd: 100_000, ts: T0 });
    detector.onLiquidity({ instrumentId: ETH, pool: 'other-pool', liquidityUsd: 10_000, ts: T0 });
    detector.track(position('long', T0 + MIN));
    const other = detector.onLiquidity({
      instrumentId: ETH,
      pool: 'other-pool',
      liquidityUsd: 9_000,
      ts: T0 + 2 * MIN,
    });
    expect(other).toEqual([]);
    const elsewhere = detector.onLiquidity({
      instrumentId: 'x:PEPEUSDT',
      pool: POOL,
      liquidityUsd: 1,
      ts: T0 + 2 * MIN,
    });
    expect(elsewhere).toEqual([]);
    const drained = detector.onLiquidity({
      instrumentId: ETH,
      pool: POOL,
      liquidityUsd: 60_000,
      ts: T0 + 3 * MIN,
    });
    expect(drained.map((f) => f.positionId)).toEqual(['pos-1']);
  });

  it("falls back to the position's own mark when the instrument has no price yet", () => {
    const detector = tracked();
    readings([[0, 200_000]], detector);
    const [finding] = detector.onLiquidity({
      instrumentId: ETH,
      pool: POOL,
      liquidityUsd: 100_000,
      ts: T0 + MIN,
    });
    expect(finding?.price).toBe(3_000);
  });

  it('skips invalid readings', () => {
    expect(
      readings([
        [0, 100_000],
        [1, Number.NaN],
        [2, -5],
      ]),
    ).toEqual([[], [], []]);
  });
});
