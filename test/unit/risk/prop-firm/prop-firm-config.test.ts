import { describe, it, expect } from 'vitest';
import {
  parsePropFirmConfig,
  parsePropFirmRuleSet,
} from '../../../../core/src/config/risk/prop-firm-config.ts';

describe('prop-firm rule sets', () => {
  it('fills FTMO defaults: 5% daily, 10% total, 10% target, no news trading, static max loss, 00:00 UTC', () => {
    expect(parsePropFirmRuleSet({ accountId: 'a', startingBalance: 100_000 })).toEqual({
      accountId: 'a',
      firm: 'FTMO',
      startingBalance: 100_000,
      maxDailyLossPercent: 5,
      maxTotalLossPercent: 10,
      profitTargetPercent: 10,
      newsTradingAllowed: false,
      trailingMaxLoss: false,
      pauseOnProfitTarget: false,
      dayReset: { utcOffsetMinutes: 0, hour: 0 },
    });
  });

  it('rejects a negative daily loss percent naming the field', () => {
    expect(() =>
      parsePropFirmRuleSet({ accountId: 'a', startingBalance: 1, maxDailyLossPercent: -5 }),
    ).toThrow(/invalid prop-firm rule set at "maxDailyLossPercent"/);
  });

  it('rejects a rule set without accountId naming the field', () => {
    expect(() => parsePropFirmRuleSet({ startingBalance: 100_000 })).toThrow(/at "accountId"/);
  });

  it('rejects an empty accountId, a zero balance and an unknown field', () => {
    expect(() => parsePropFirmRuleSet({ accountId: '', startingBalance: 1 })).toThrow(/"accountId"/);
    expect(() => parsePropFirmRuleSet({ accountId: 'a', startingBalance: 0 })).toThrow(/"startingBalance"/);
    expect(() => parsePropFirmRuleSet({ accountId: 'a', startingBalance: 1, maxLoss: 3 })).toThrow(/maxLoss/);
  });

  it('names the account index in the full config and rejects duplicate accounts', () => {
    const accounts = [
      { accountId: 'a', startingBalance: 1 },
      { accountId: 'b', startingBalance: 1, maxTotalLossPercent: 150 },
    ];
    expect(() => parsePropFirmConfig({ accounts })).toThrow(/"accounts\.1\.maxTotalLossPercent"/);
    const twice = [
      { accountId: 'a', startingBalance: 1 },
      { accountId: 'a', startingBalance: 2 },
    ];
    expect(() => parsePropFirmConfig({ accounts: twice })).toThrow(/"accounts\.1\.accountId".*duplicate/);
  });

  it('accepts a CEST day reset and no profit target', () => {
    const rules = parsePropFirmRuleSet({
      accountId: 'a',
      startingBalance: 1,
      profitTargetPercent: null,
      dayReset: { utcOffsetMinutes: 120 },
    });
    expect(rules.dayReset).toEqual({ utcOffsetMinutes: 120, hour: 0 });
    expect(rules.profitTargetPercent).toBeNull();
  });
});
