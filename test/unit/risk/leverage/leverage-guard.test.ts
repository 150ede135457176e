import { describe, expect, it } from 'vitest';
import {
  defaultLeverageConfig,
  parseLeverageConfig,
} from '../../../../core/src/config/risk/leverage-config.ts';
import { LEVERAGE_BLOCK_REASON, LeverageGuard } from '../../../../core/src/risk/portfolio/leverage-guard.ts';
import type { RiskAction } from '../../../../core/src/risk/portfolio/types.ts';
import { pos } from '../health/fixtures.ts';

const closedIds = (actions: readonly RiskAction[]) =>
  actions.flatMap((a) => (a.kind === 'close' ? [a.positionId] : []));

const EQUITY = 10_000;

describe('leverage guard evaluation (margin at 10x: buffer = 1 - leverage / 10)', () => {
  it('leaves a 3x book alone with a 70% buffer', () => {
    const guard = new LeverageGuard(defaultLeverageConfig);
    const r = guard.evaluate(EQUITY, [pos('a', { notional: 20_000 }), pos('b', { notional: 10_000 })]);
    expect(r.leverage).toBe(3);
    expect(r.marginBuffer).toBeCloseTo(0.7, 12);
    expect(r.actions).toEqual([]);
  });

  it('leaves a 6x book (40% buffer, between 30% and 50%) alone', () => {
    const r = new LeverageGuard(defaultLeverageConfig).evaluate(EQUITY, [pos('a', { notional: 60_000 })]);
    expect(r.marginBuffer).toBeCloseTo(0.4, 12);
    expect(r.actions).toEqual([]);
  });

  it('at 8x (20% buffer) blocks entries and closes the largest position until 5x', () => {
    const book = [
      pos('a', { notional: 40_000 }),
      pos('b', { notional: 25_000 }),
      pos('c', { notional: 15_000 }),
    ];
    const r = new LeverageGuard(defaultLeverageConfig).evaluate(EQUITY, book);
    expect(r.leverage).toBe(8);
    expect(r.marginBuffer).toBeCloseTo(0.2, 12);
    expect(r.actions[0]).toEqual({
      kind: 'block_entries',
      scope: 'all',
      until: null,
      reason: LEVERAGE_BLOCK_REASON,
    });
    // 80,000 - 40,000 = 40,000 <= 50,000: one close is enough.
    expect(closedIds(r.actions)).toEqual(['a']);
    expect(r.actions[1]).toMatchObject({ kind: 'close', reason: 'leverage_reduction' });
  });

  it('above the 10x cap closes largest first until back at 5x', () => {
    const book = [
      pos('d', { notional: 10_000 }),
      pos('a', { notional: 50_000 }),
      pos('c', { notional: 20_000 }),
      pos('b', { notional: 30_000 }),
    ];
    const r = new LeverageGuard(defaultLeverageConfig).evaluate(EQUITY, book);
    expect(r.leverage).toBe(11);
    expect(r.marginBuffer).toBeCloseTo(-0.1, 12);
    // 110k -> 60k (still > 50k) -> 30k.
    expect(closedIds(r.actions)).toEqual(['a', 'b']);
  });

  it('cuts the worst unrealized P&L % first when configured', () => {
    const book = [
      pos('a', { notional: 40_000, unrealizedPnl: 100 }),
      pos('b', { notional: 25_000, unrealizedPnl: -100 }),
      pos('c', { notional: 15_000, unrealizedPnl: -300 }),
    ];
    const guard = new LeverageGuard(parseLeverageConfig({ reduceOrder: 'worst' }));
    // 80k -> 65k (c) -> 40k (b).
    expect(closedIds(guard.evaluate(EQUITY, book).actions)).toEqual(['c', 'b']);
  });

  it('lifts its block once the buffer is back at 50%, and only once', () => {
    const guard = new LeverageGuard(defaultLeverageConfig);
    guard.evaluate(EQUITY, [pos('a', { notional: 40_000 }), pos('b', { notional: 40_000 })]);
    expect(guard.entriesBlocked).toBe(true);
    // Closes pending: asked again, no second block.
    const pending = guard.evaluate(EQUITY, [pos('a', { notional: 40_000 }), pos('b', { notional: 40_000 })]);
    expect(pending.actions.map((a) => a.kind)).toEqual(['close']);
    // 6x: out of the reduce band but below the 50% target: still blocked.
    expect(guard.evaluate(EQUITY, [pos('b', { notional: 60_000 })]).actions).toEqual([]);
    const back = guard.evaluate(EQUITY, [pos('b', { notional: 40_000 })]);
    expect(back.actions).toEqual([{ kind: 'allow_entries', scope: 'all', reason: LEVERAGE_BLOCK_REASON }]);
    expect(guard.evaluate(EQUITY, [pos('b', { notional: 40_000 })]).actions).toEqual([]);
  });

  it('closes everything when equity is gone', () => {
    const r = new LeverageGuard(defaultLeverageConfig).evaluate(-50, [pos('a'), pos('b')]);
    expect(r.leverage).toBe(Number.POSITIVE_INFINITY);
    expect(closedIds(r.actions)).toEqual(['a', 'b']);
  });

  it('reads the literal margin at the 5x trading leverage when configured', () => {
    const guard = new LeverageGuard(parseLeverageConfig({ marginLeverage: 5 }));
    expect(guard.evaluate(EQUITY, [pos('a', { notional: 20_000 })]).marginBuffer).toBeCloseTo(0.6, 12);
    const r = guard.evaluate(EQUITY, [pos('a', { notional: 40_000 })]);
    expect(r.marginBuffer).toBeCloseTo(0.2, 12);
    expect(closedIds(r.actions)).toEqual(['a']);
  });
});

describe('leverage guard entry check', () => {
  const guard = new LeverageGuard(defaultLeverageConfig);
  const book = [pos('a', { notional: 30_000 })];

  it('allows an entry that leaves exactly a 50% buffer and refuses one a unit above', () => {
    expect(guard.entryAllowed(EQUITY, book, 20_000)).toBe(true);
    expect(guard.entryCheck(EQUITY, book, 20_001)).toEqual({ allowed: false, reason: 'margin_buffer' });
  });

  it('names the cap when the entry would take the account over 10x', () => {
    expect(guard.entryCheck(EQUITY, book, 75_000)).toEqual({ allowed: false, reason: 'leverage_cap' });
  });

  it('refuses any entry without equity', () => {
    expect(guard.entryCheck(0, [], 1)).toEqual({ allowed: false, reason: 'no_equity' });
  });
});

describe('leverage config', () => {
  it('defaults to a 10x cap, margin at 10x, 50% target and 30% reduce trigger', () => {
    expect(defaultLeverageConfig).toMatchObject({
      maxAccountLeverage: 10,
      marginLeverage: 10,
      targetMarginBuffer: 0.5,
      reduceBelowMarginBuffer: 0.3,
      reduceOrder: 'largest',
    });
  });

  it('names the field when the trigger is not below the target', () => {
    expect(() => parseLeverageConfig({ reduceBelowMarginBuffer: 0.5 })).toThrow(/reduceBelowMarginBuffer/);
  });

  it('refuses a cap above the 10x hard cap, naming the field', () => {
    expect(() => parseLeverageConfig({ maxAccountLeverage: 20 })).toThrow(/maxAccountLeverage/);
  });
});
