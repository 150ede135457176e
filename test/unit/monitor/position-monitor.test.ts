import { describe, expect, it } from 'vitest';
import { defaultExitConfig } from '../../../core/src/config/exit-config.ts';
import { PositionMonitor, type ExitSignal } from '../../../core/src/risk/monitor/position-monitor.ts';
import { BTC, T0, everyTwoSeconds, position, setup, snapshot, trade } from './fixtures.ts';

describe('PositionMonitor: stops (design 2.5, decisions.md #12)', () => {
  it('exits the worked long example on the trailing stop at 50,745', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    expect(monitor.stopOf('pos-1')).toBe(49_750);
    for (const [dt, p] of [
      [500, 50_500],
      [1_000, 51_000],
      [1_500, 50_745],
    ] as const)
      monitor.onTrade(trade(T0 + dt, p));
    expect(exits).toEqual([
      {
        positionId: 'pos-1',
        instrumentId: BTC,
        direction: 'long',
        reason: 'trailing_stop',
        triggerPrice: 50_745,
        detail: 'trailing stop 50745 touched by trade at 50745 (best 51000)',
        ts: T0 + 1_500,
      },
    ]);
  });

  it('exits the mirrored short on the trailing stop at 49,245', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'short' }));
    for (const [dt, p] of [
      [500, 49_500],
      [1_000, 49_000],
      [1_500, 49_245],
    ] as const)
      monitor.onTrade(trade(T0 + dt, p));
    expect(exits.map((e) => [e.reason, e.triggerPrice])).toEqual([['trailing_stop', 49_245]]);
  });

  it('uses a 0.3% zone stop until the trailing stop passes it', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long', positionId: 'a', initialStop: 49_850 }));
    monitor.track(
      position({ direction: 'long', positionId: 'b', initialStop: 49_850, instrumentId: 'x:ETHUSDT' }),
    );
    expect(monitor.stopOf('a')).toBe(49_850);
    monitor.onTrade(trade(T0 + 500, 50_100));
    expect(monitor.stopOf('a')).toBe(49_850);
    monitor.onTrade(trade(T0 + 700, 50_200));
    expect(monitor.stopOf('a')).toBe(49_949);
    monitor.onTrade(trade(T0 + 900, 49_949));
    monitor.onTrade(trade(T0 + 500, 49_850, 'x:ETHUSDT'));
    expect(exits.map((e) => [e.positionId, e.reason, e.triggerPrice])).toEqual([
      ['a', 'trailing_stop', 49_949],
      ['b', 'initial_stop', 49_850],
    ]);
  });

  it('pulls a zone stop further than 0.5% in to 0.5%', () => {
    const { monitor } = setup();
    monitor.track(position({ direction: 'long', initialStop: 49_000 }));
    expect(monitor.stopOf('pos-1')).toBe(49_750);
  });
});

describe('PositionMonitor: priority and lifecycle (design 2.6.3, decisions.md #15)', () => {
  it('reports only the cascade reversal when it and the stop fire on the same boundary trade', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    monitor.onAnalytics(snapshot(T0 + 1_000, 0.4, 0.6, 0.9));
    monitor.onTrade(trade(T0 + 2_000, 49_700));
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ reason: 'cascade_reversal', triggerPrice: 49_700, ts: T0 + 2_000 });
    expect(exits[0]?.detail).toBe('cascade reversed: 1m 0.40 < 5m 0.60 < 15m 0.90');
  });

  it('checks the cascade only on the 2 s boundaries: between them the stop fires alone', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    monitor.onAnalytics(snapshot(T0 + 1_000, 0.4, 0.6, 0.9));
    monitor.onTrade(trade(T0 + 1_500, 49_700));
    expect(exits.map((e) => e.reason)).toEqual(['trailing_stop']);
  });

  it('reports adverse moves over the stop when both fire on the same trade', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    expect(everyTwoSeconds(monitor, exits, [49_990, 49_980, 49_970, 49_960, 49_700])).toEqual([
      0, 0, 0, 0, 1,
    ]);
    expect(exits[0]).toMatchObject({ reason: 'consecutive_adverse_moves', triggerPrice: 49_700 });
    expect(exits[0]?.detail).toBe('5 consecutive adverse moves (threshold=5, profit -0.60%)');
  });

  it('fires a position once, stays silent while exiting, and forgets it on untrack', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long' }));
    monitor.onAnalytics(snapshot(T0, 0.4, 0.6, 0.9));
    monitor.onTrade(trade(T0 + 500, 49_700));
    monitor.onTrade(trade(T0 + 2_000, 49_600));
    monitor.onTrade(trade(T0 + 4_000, 49_500));
    expect(exits.map((e) => e.reason)).toEqual(['trailing_stop']);
    expect(monitor.isExiting('pos-1')).toBe(true);
    expect(monitor.untrack('pos-1')).toBe(true);
    expect(monitor.stopOf('pos-1')).toBeUndefined();
    expect(monitor.trackedCount).toBe(0);
  });

  it('ignores untracked positions and trades of other instruments', () => {
    const { monitor, exits } = setup();
    monitor.track(position({ direction: 'long', positionId: 'gone' }));
    monitor.track(position({ direction: 'long', positionId: 'kept' }));
    monitor.untrack('gone');
    expect(monitor.untrack('gone')).toBe(false);
    monitor.onTrade(trade(T0 + 500, 40_000, 'x:ETHUSDT'));
    expect(exits).toHaveLength(0);
    monitor.onTrade(trade(T0 + 600, 49_000));
    expect(exits.map((e) => e.positionId)).toEqual(['kept']);
  });

  it('lets the listener untrack the exiting position without skipping its neighbours', () => {
    const exits: ExitSignal[] = [];
    const monitor: PositionMonitor = new PositionMonitor(defaultExitConfig, (exit) => {
      exits.push(exit);
      monitor.untrack(exit.positionId);
    });
    for (const id of ['p1', 'p2', 'p3']) monitor.track(position({ direction: 'long', positionId: id }));
    monitor.onTrade(trade(T0 + 500, 49_000));
    expect(exits.map((e) => e.positionId).sort()).toEqual(['p1', 'p2', 'p3']);
    expect(monitor.trackedCount).toBe(0);
  });

  it('refuses to track the same position twice', () => {
    const { monitor } = setup();
    monitor.track(position({ direction: 'long' }));
    expect(() => monitor.track(position({ direction: 'long' }))).toThrow(/already tracked/);
  });
});

describe('PositionMonitor re-arming', () => {
  it('fires again after a refused exit is re-armed, and stays silent while exiting', () => {
    const exits: string[] = [];
    const monitor = new PositionMonitor(defaultExitConfig, (e) => exits.push(`${e.reason}@${e.ts}`));
    const p = position({ direction: 'long' }); // entry 50,000, stop 49,750
    monitor.track(p);
    monitor.onTrade(trade(p.entryTime + 100, 49_700));
    monitor.onTrade(trade(p.entryTime + 200, 49_690));
    // Initial and trailing stop coincide at 49,750; a tie reports the trailing stop.
    expect(exits).toEqual([`trailing_stop@${p.entryTime + 100}`]);
    monitor.rearm(p.positionId);
    monitor.onTrade(trade(p.entryTime + 300, 49_680));
    expect(exits).toEqual([`trailing_stop@${p.entryTime + 100}`, `trailing_stop@${p.entryTime + 300}`]);
  });
});
