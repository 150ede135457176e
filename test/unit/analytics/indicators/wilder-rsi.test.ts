import { describe, it, expect } from 'vitest';
import { AverageGain, AverageLoss, RSI } from 'technicalindicators';
import { WilderRsi } from '../../../../core/src/analytics/indicators/wilder-rsi.ts';
import { loadBtc15m, loadBtc1m, maxRelativeError } from './fixtures.ts';

/** Feeds `closes` and returns every warmed value with the matching smoothed averages. */
function runRsi(closes: readonly number[], period: number) {
  const rsi = new WilderRsi(period);
  const values: number[] = [];
  const gains: number[] = [];
  const losses: number[] = [];
  for (const c of closes) {
    const v = rsi.update(c);
    if (v === undefined) continue;
    values.push(v);
    gains.push(rsi.averageGain!);
    losses.push(rsi.averageLoss!);
  }
  return { values, gains, losses };
}

/**
 * technicalindicators rounds RSI with toFixed(2), so the RSI itself can only agree within half a cent of a
 * point; the unrounded smoothing is checked through its AverageGain / AverageLoss at 1e-6 relative.
 */
function expectMatchesOracle(closes: number[], period: number): void {
  const ours = runRsi(closes, period);
  const rsi = RSI.calculate({ values: closes, period });
  const gains = AverageGain.calculate({ values: closes, period });
  const losses = AverageLoss.calculate({ values: closes, period });

  expect(ours.values.length).toBe(closes.length - period);
  expect(rsi.length).toBe(ours.values.length);
  expect(gains.length).toBe(ours.values.length);
  expect(maxRelativeError(ours.gains, gains)).toBeLessThan(1e-6);
  expect(maxRelativeError(ours.losses, losses)).toBeLessThan(1e-6);
  const worstRsiGap = Math.max(...ours.values.map((v, i) => Math.abs(v - rsi[i]!)));
  expect(worstRsiGap).toBeLessThanOrEqual(0.005 + 1e-9);
}

describe('WilderRsi', () => {
  it('matches technicalindicators RSI(14) on 19 days of real BTCUSD 1m closes', () => {
    expectMatchesOracle(
      loadBtc1m().map((b) => b.close),
      14,
    );
  });

  it('matches technicalindicators RSI(14) on the same data aggregated to 15m candles', () => {
    expectMatchesOracle(
      loadBtc15m().map((b) => b.close),
      14,
    );
  });

  it('stays undefined until period + 1 closes have been seen', () => {
    const rsi = new WilderRsi(14);
    for (let i = 0; i < 14; i++) expect(rsi.update(100 + (i % 3))).toBeUndefined();
    expect(rsi.update(101)).toBeDefined();
  });

  it('seeds with the simple mean of the first gains and losses, then smooths the Wilder way', () => {
    // Changes +1, -0.5, +1 with period 2: seed gain 0.5, loss 0.25 -> RS 2; then gain 0.75, loss 0.125 -> RS 6.
    const rsi = new WilderRsi(2);
    rsi.update(10);
    rsi.update(11);
    expect(rsi.update(10.5)).toBeCloseTo(100 - 100 / 3, 12);
    expect(rsi.update(11.5)).toBeCloseTo(100 - 100 / 7, 12);
  });

  it('reports 100 after only gains, 0 after only losses and a neutral 50 for a flat series', () => {
    const up = new WilderRsi(3);
    const down = new WilderRsi(3);
    const flat = new WilderRsi(3);
    for (let i = 0; i < 6; i++) {
      up.update(100 + i);
      down.update(100 - i);
      flat.update(100);
    }
    expect(up.value).toBe(100);
    expect(down.value).toBe(0);
    expect(flat.value).toBe(50);
  });
});
