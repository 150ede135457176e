import { describe, expect, it } from 'vitest';
import { defaultExitConfig, parseExitConfig, type ExitConfig } from '../../../core/src/config/exit-config.ts';
import { BTC, T0, everyTwoSeconds, position, setup, snapshot, trade } from './fixtures.ts';

describe('PositionMonitor: consecutive adverse moves (design 2.6.2)', () => {
  it('reproduces the tick table: exit at 50,185 after 3 drops with threshold 3 at +0.37%', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    const prices = [50_020, 50_080, 50_150, 50_180, 50_200, 50_195, 50_190, 50_185];
    expect(everyTwoSeconds(monitor, exits, prices)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(exits[0]).toEqual({
      positionId: 'pos-1',
      instrumentId: BTC,
      direction: 'long',
      reason: 'consecutive_adverse_moves',
      triggerPrice: 50_185,
      detail: '3 consecutive adverse moves (threshold=3, profit 0.37%)',
      ts: T0 + 16_000,
    });
  });

  it('reproduces "why superior": after a high at +1.6% two drops meet threshold 2, exit at 50,785 (+1.57%)', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    const prices = [50_500, 50_510, 50_520, 50_800, 50_795, 50_785];
    expect(everyTwoSeconds(monitor, exits, prices)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(exits[0]?.reason).toBe('consecutive_adverse_moves');
    expect(exits[0]?.triggerPrice).toBe(50_785);
    expect(exits[0]?.detail).toBe('2 consecutive adverse moves (threshold=2, profit 1.57%)');
    expect(monitor.stopOf('pos-1')).toBe(50_546);
  });

  it('mirrors the tick table for a short: exit at 49,815 after 3 rises at +0.37%', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'short' }));
    const prices = [49_980, 49_920, 49_850, 49_820, 49_800, 49_805, 49_810, 49_815];
    expect(everyTwoSeconds(monitor, exits, prices)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(exits[0]?.triggerPrice).toBe(49_815);
    expect(exits[0]?.detail).toBe('3 consecutive adverse moves (threshold=3, profit 0.37%)');
  });

  it('differs by mode on unchanged prices: sampled holds (equal ends the streak), tick exits at 50,170', () => {
    const prices = [50_200, 50_190, 50_190, 50_180, 50_170];
    const sampled = setup();
    sampled.monitor.track(position({ direction: 'long' }));
    expect(everyTwoSeconds(sampled.monitor, sampled.exits, prices)).toEqual([0, 0, 0, 0, 0]);

    const tick = setup(parseExitConfig({ adverseMode: 'tick' }));
    tick.monitor.track(position({ direction: 'long' }));
    expect(everyTwoSeconds(tick.monitor, tick.exits, prices)).toEqual([0, 0, 0, 0, 1]);
    expect(tick.exits[0]).toMatchObject({ triggerPrice: 50_170, ts: T0 + 10_000 });
    expect(tick.exits[0]?.detail).toBe('3 consecutive adverse moves (threshold=3, profit 0.34%)');
  });

  it('differs by mode on drops between checks: tick mode sees three, the 2 s samples see one', () => {
    const run = (config: ExitConfig): number => {
      const { monitor, exits } = setup(config);
      monitor.track(position({ direction: 'long' }));
      monitor.onTrade(trade(T0 + 1_000, 50_300)); // +0.6%: threshold 3
      monitor.onTrade(trade(T0 + 2_000, 50_300));
      for (const [dt, p] of [
        [2_500, 50_290],
        [3_000, 50_280],
        [3_500, 50_270],
        [4_000, 50_270],
      ] as const) {
        monitor.onTrade(trade(T0 + dt, p));
      }
      return exits.length;
    };
    expect(run(defaultExitConfig)).toBe(0);
    expect(run(parseExitConfig({ adverseMode: 'tick' }))).toBe(1);
  });

  it('samples the last price at the boundary when the next trade comes later', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    monitor.onTrade(trade(T0 + 1_500, 50_100));
    monitor.onAnalytics(snapshot(T0 + 1_600, 0.4, 0.6, 0.9));
    monitor.onTrade(trade(T0 + 2_700, 50_300));
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ reason: 'cascade_reversal', triggerPrice: 50_100, ts: T0 + 2_000 });
  });
  it('checks the first overdue boundary after a silence, with the price before the late trade', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    everyTwoSeconds(monitor, exits, [49_990, 49_980, 49_970, 49_960]);
    monitor.onTrade(trade(T0 + 9_000, 49_950));
    expect(exits).toHaveLength(0);
    monitor.onTrade(trade(T0 + 15_000, 49_951));
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({
      reason: 'consecutive_adverse_moves',
      triggerPrice: 49_950,
      ts: T0 + 10_000,
    });
  });

  it('ends a streak over a silence: the repeated last price is an equal sample', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    everyTwoSeconds(monitor, exits, [49_990, 49_980, 49_970, 49_960]);
    monitor.onTrade(trade(T0 + 12_000, 49_950));
    expect(exits).toHaveLength(0);
  });

  it('samples every overdue boundary after a gap at the price then known, not the late trade price', () => {
    const { monitor, exits } = setup(parseExitConfig({ profitThresholds: [{ moves: 2 }] }));
    monitor.track(position({ direction: 'long' }));
    monitor.onTrade(trade(T0 + 2_000, 50_100));
    monitor.onTrade(trade(T0 + 7_000, 50_050)); // boundaries 4 s and 6 s both sample 50,100
    monitor.onTrade(trade(T0 + 8_000, 50_040)); // first drop
    expect(exits).toHaveLength(0);
    monitor.onTrade(trade(T0 + 10_000, 50_030)); // second drop
    expect(exits[0]).toMatchObject({ triggerPrice: 50_030, ts: T0 + 10_000 });
  });
});
