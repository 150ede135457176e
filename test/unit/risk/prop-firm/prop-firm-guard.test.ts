import { describe, it, expect } from 'vitest';
import { PropFirmGuard } from '../../../../core/src/risk/portfolio/prop-firm-rules.ts';
import { DAY, DAY1, HOUR, ftmo, position } from './fixtures.ts';

const ACC = 'ftmo-1';

describe('daily loss limit', () => {
  it('breaches when equity including floating P&L falls exactly 5% below the start-of-day equity', () => {
    const guard = new PropFirmGuard([ftmo()]);
    // Nothing realized: a 100,000 balance with 5,000 of floating loss is equity 95,000.
    const book = [
      position('p1', ACC, -3_000),
      position('p2', ACC, -2_000),
      position('other', 'acc-2', -9_000),
    ];
    expect(guard.onEquity(ACC, DAY1 + HOUR, 95_000.01, book)).toEqual({ breached: null, actions: [] });
    const result = guard.onEquity(ACC, DAY1 + 2 * HOUR, 95_000, book);
    expect(result.breached).toBe('daily_loss');
    expect(result.actions).toEqual([
      { kind: 'block_entries', scope: { accountId: ACC }, until: null, reason: 'prop_firm_breach' },
      {
        kind: 'close',
        positionId: 'p1',
        reason: 'prop_firm_breach',
        detail: 'FTMO account ftmo-1: daily_loss',
      },
      {
        kind: 'close',
        positionId: 'p2',
        reason: 'prop_firm_breach',
        detail: 'FTMO account ftmo-1: daily_loss',
      },
      {
        kind: 'alert',
        severity: 'critical',
        code: 'prop_firm_breach',
        message: 'FTMO account ftmo-1: daily loss limit reached, equity 95000 <= floor 95000; account paused',
      },
    ]);
  });

  it('measures the next day from the equity at the reset, floating P&L included', () => {
    const guard = new PropFirmGuard([ftmo()]);
    guard.onEquity(ACC, DAY1 + 23 * HOUR, 98_000, []);
    expect(guard.onEquity(ACC, DAY1 + DAY, 93_100.01, []).breached).toBeNull();
    expect(guard.status(ACC)?.startOfDayEquity).toBe(98_000);
    expect(guard.status(ACC)?.dailyFloor).toBe(93_100);
    expect(guard.onEquity(ACC, DAY1 + DAY + HOUR, 93_100, []).breached).toBe('daily_loss');
  });

  it('resets the daily limit each day but keeps counting the total loss from the starting balance', () => {
    const guard = new PropFirmGuard([ftmo()]);
    expect(guard.onEquity(ACC, DAY1 + 20 * HOUR, 96_000, []).breached).toBeNull();
    expect(guard.onEquity(ACC, DAY1 + DAY + 20 * HOUR, 91_500, []).breached).toBeNull();
    expect(guard.status(ACC)?.totalFloor).toBe(90_000);
    const day3 = guard.onEquity(ACC, DAY1 + 2 * DAY + HOUR, 90_000, []);
    expect(day3.breached).toBe('total_loss');
    expect(guard.status(ACC)?.startOfDayEquity).toBe(91_500);
  });

  it('starts the trading day at a configured offset such as CET midnight (23:00 UTC)', () => {
    const utcGuard = new PropFirmGuard([ftmo()]);
    const cetGuard = new PropFirmGuard([ftmo({ dayReset: { utcOffsetMinutes: 60 } })]);
    for (const guard of [utcGuard, cetGuard]) guard.onEquity(ACC, DAY1 + 22.5 * HOUR, 97_000, []);
    // 23:30 UTC is still the same UTC day (loss 6% of 100,000) but a new CET day (loss 3.1% of 97,000).
    expect(utcGuard.onEquity(ACC, DAY1 + 23.5 * HOUR, 94_000, []).breached).toBe('daily_loss');
    expect(cetGuard.onEquity(ACC, DAY1 + 23.5 * HOUR, 94_000, []).breached).toBeNull();
    expect(cetGuard.status(ACC)?.startOfDayEquity).toBe(97_000);
  });
});

describe('total loss limit', () => {
  const wideDaily = { maxDailyLossPercent: 20 };

  it('keeps a static floor at 90% of the starting balance however high equity went', () => {
    const guard = new PropFirmGuard([ftmo(wideDaily)]);
    guard.onEquity(ACC, DAY1 + HOUR, 110_000, []);
    expect(guard.onEquity(ACC, DAY1 + 2 * HOUR, 99_000, []).breached).toBeNull();
    expect(guard.status(ACC)?.totalFloor).toBe(90_000);
  });

  it('raises a trailing floor with the equity high-water mark and breaches when equity falls to it', () => {
    const guard = new PropFirmGuard([ftmo({ ...wideDaily, trailingMaxLoss: true })]);
    expect(guard.status(ACC)?.totalFloor).toBe(90_000);
    guard.onEquity(ACC, DAY1 + HOUR, 110_000, []);
    expect(guard.status(ACC)?.highWaterMark).toBe(110_000);
    expect(guard.status(ACC)?.totalFloor).toBe(99_000);
    guard.onEquity(ACC, DAY1 + 2 * HOUR, 105_000, []);
    expect(guard.status(ACC)?.totalFloor).toBe(99_000);
    expect(guard.onEquity(ACC, DAY1 + 3 * HOUR, 99_000.01, []).breached).toBeNull();
    expect(guard.onEquity(ACC, DAY1 + 4 * HOUR, 99_000, []).breached).toBe('total_loss');
  });
});

describe('a breached account', () => {
  it('stays paused on later days even when equity recovers', () => {
    const guard = new PropFirmGuard([ftmo()]);
    guard.onEquity(ACC, DAY1 + HOUR, 94_000, []);
    const later = guard.onEquity(ACC, DAY1 + 3 * DAY, 100_000, []);
    expect(later).toEqual({ breached: 'daily_loss', actions: [] });
    expect(guard.status(ACC)).toMatchObject({ paused: true, breach: 'daily_loss', breachedAt: DAY1 + HOUR });
    expect(guard.entryAllowed(ACC, false)).toEqual({ allowed: false, reason: 'prop_firm_paused' });
  });

  it('asks again to close a position still open after the retry interval', () => {
    const guard = new PropFirmGuard([ftmo()], { closeRetryMs: 60_000 });
    const book = [position('p1', ACC, -6_000)];
    expect(guard.onEquity(ACC, DAY1 + HOUR, 94_000, book).actions).toHaveLength(3);
    expect(guard.onEquity(ACC, DAY1 + HOUR + 59_999, 94_000, book).actions).toEqual([]);
    expect(guard.onEquity(ACC, DAY1 + HOUR + 60_000, 94_000, book).actions).toEqual([
      {
        kind: 'close',
        positionId: 'p1',
        reason: 'prop_firm_breach',
        detail: 'FTMO account ftmo-1: daily_loss',
      },
    ]);
  });
});

describe('profit target and entry gate', () => {
  it('raises one info alert at +10% and keeps trading by default', () => {
    const guard = new PropFirmGuard([ftmo()]);
    expect(guard.onEquity(ACC, DAY1 + HOUR, 109_999.99, []).actions).toEqual([]);
    expect(guard.onEquity(ACC, DAY1 + 2 * HOUR, 110_000, []).actions).toEqual([
      {
        kind: 'alert',
        severity: 'info',
        code: 'prop_firm_profit_target',
        message: 'FTMO account ftmo-1: profit target reached, equity 110000 >= 110000',
      },
    ]);
    expect(guard.onEquity(ACC, DAY1 + 3 * HOUR, 111_000, []).actions).toEqual([]);
    expect(guard.entryAllowed(ACC, false)).toEqual({ allowed: true });
  });

  it('pauses entries at the target when the rule set asks for it', () => {
    const guard = new PropFirmGuard([ftmo({ pauseOnProfitTarget: true })]);
    const actions = guard.onEquity(ACC, DAY1 + HOUR, 110_500, []).actions;
    expect(actions[1]).toEqual({
      kind: 'block_entries',
      scope: { accountId: ACC },
      until: null,
      reason: 'prop_firm_profit_target',
    });
    expect(guard.entryAllowed(ACC, false)).toEqual({ allowed: false, reason: 'prop_firm_paused' });
  });

  it('refuses entries in a news window unless the rule set allows news trading', () => {
    expect(new PropFirmGuard([ftmo()]).entryAllowed(ACC, true)).toEqual({
      allowed: false,
      reason: 'prop_firm_news_trading',
    });
    expect(new PropFirmGuard([ftmo({ newsTradingAllowed: true })]).entryAllowed(ACC, true)).toEqual({
      allowed: true,
    });
  });

  it('ignores accounts without a rule set and rejects duplicate accounts as a bug', () => {
    const guard = new PropFirmGuard([ftmo()]);
    expect(guard.onEquity('binance-main', DAY1, 1, [position('x', 'binance-main')])).toEqual({
      breached: null,
      actions: [],
    });
    expect(guard.status('binance-main')).toBeUndefined();
    expect(() => new PropFirmGuard([ftmo(), ftmo()])).toThrow(/duplicate prop-firm account ftmo-1/);
  });
});
