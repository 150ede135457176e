import { describe, expect, it } from 'vitest';
import { defaultHoldConfig, parseHoldConfig } from '../../../../core/src/config/risk/hold-config.ts';
import { HoldLimits, maxHoldTable } from '../../../../core/src/risk/portfolio/hold-limits.ts';
import { HOUR, MINUTE, T0, pos } from '../health/fixtures.ts';

describe('max hold limits', () => {
  const limits = new HoldLimits(defaultHoldConfig);

  it('closes a scalp at 30 minutes but not 1 ms before', () => {
    const scalp = pos('s', { entryTime: T0 });
    expect(limits.check([scalp], T0 + 30 * MINUTE - 1)).toEqual([]);
    expect(limits.check([scalp], T0 + 30 * MINUTE)).toEqual([
      {
        positionId: 's',
        instrumentId: 'binance-usdm:SUSDT',
        strategy: 'scalping',
        heldMs: 1_800_000,
        maxHoldMs: 1_800_000,
        action: {
          kind: 'close',
          positionId: 's',
          reason: 'max_hold',
          detail: 'scalping position held 1800000 ms >= max 1800000 ms',
        },
      },
    ]);
  });

  it('holds a meme coin 24 h and an arbitrage 4 h', () => {
    const meme = pos('m', { strategy: 'meme' });
    const arb = pos('x', { strategy: 'arbitrage' });
    expect(limits.check([meme, arb], T0 + 4 * HOUR - 1)).toEqual([]);
    expect(limits.check([meme, arb], T0 + 4 * HOUR).map((b) => b.positionId)).toEqual(['x']);
    expect(limits.check([meme, arb], T0 + 24 * HOUR).map((b) => [b.positionId, b.heldMs])).toEqual([
      ['m', 86_400_000],
      ['x', 86_400_000],
    ]);
  });

  it('reports only the positions over their limit, in book order, at every check', () => {
    const book = [
      pos('old', { entryTime: T0 - 40 * MINUTE }),
      pos('new', { entryTime: T0 - 5 * MINUTE }),
      pos('older', { entryTime: T0 - 90 * MINUTE }),
    ];
    const first = limits.check(book, T0).map((b) => [b.positionId, b.heldMs]);
    expect(first).toEqual([
      ['old', 40 * MINUTE],
      ['older', 90 * MINUTE],
    ]);
    expect(limits.check(book, T0 + 1_000)).toHaveLength(2);
  });

  it('uses configured limits', () => {
    const custom = new HoldLimits(parseHoldConfig({ maxHoldMs: { scalping: 10 * MINUTE } }));
    expect(custom.check([pos('s')], T0 + 10 * MINUTE)).toHaveLength(1);
    expect(maxHoldTable(parseHoldConfig({ maxHoldMs: { scalping: 10 * MINUTE } }))).toEqual({
      scalping: 600_000,
      meme: 86_400_000,
      arbitrage: 14_400_000,
    });
  });
});

describe('hold config', () => {
  it('defaults to 30 min, 24 h and 4 h', () => {
    expect(defaultHoldConfig.maxHoldMs).toEqual({
      scalping: 1_800_000,
      meme: 86_400_000,
      arbitrage: 14_400_000,
    });
  });

  it('names the field of a bad limit', () => {
    expect(() => parseHoldConfig({ maxHoldMs: { meme: -1 } })).toThrow(/maxHoldMs\.meme/);
    expect(() => parseHoldConfig({ maxHoldMs: { forex: 1 } })).toThrow(/maxHoldMs/);
  });
});
