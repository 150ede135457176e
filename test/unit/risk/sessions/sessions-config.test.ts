import { describe, it, expect } from 'vitest';
import {
  defaultForexSessionsConfig,
  parseForexSessionsConfig,
} from '../../../../core/src/config/risk/sessions-config.ts';

describe('forex sessions config', () => {
  it('defaults to Tokyo 0-9, London 8-16, New York 13-21 and a Friday 23:59 close with 30 min pre-close', () => {
    expect(defaultForexSessionsConfig.sessions).toEqual([
      { name: 'tokyo', openHour: 0, closeHour: 9 },
      { name: 'london', openHour: 8, closeHour: 16 },
      { name: 'new_york', openHour: 13, closeHour: 21 },
    ]);
    expect(defaultForexSessionsConfig.weeklyClose).toEqual({ day: 'friday', hour: 23, minute: 59 });
    expect(defaultForexSessionsConfig.weeklyOpen).toEqual({ day: 'monday', hour: 0, minute: 0 });
    expect(defaultForexSessionsConfig.preCloseMinutes).toBe(30);
    expect(defaultForexSessionsConfig.marketTypes).toEqual(['forex', 'cfd']);
  });

  it('rejects a session hour out of range naming the field', () => {
    expect(() => parseForexSessionsConfig({ sessions: [{ name: 'x', openHour: 25, closeHour: 3 }] })).toThrow(
      /"sessions\.0\.openHour"/,
    );
  });

  it('rejects duplicate session names naming the field', () => {
    const sessions = [
      { name: 'london', openHour: 8, closeHour: 16 },
      { name: 'london', openHour: 9, closeHour: 17 },
    ];
    expect(() => parseForexSessionsConfig({ sessions })).toThrow(/"sessions\.1\.name".*duplicate/);
  });

  it('rejects an unknown market type and an unknown weekday naming the field', () => {
    expect(() => parseForexSessionsConfig({ marketTypes: ['fx'] })).toThrow(/"marketTypes\.0"/);
    expect(() => parseForexSessionsConfig({ weeklyClose: { day: 'fri', hour: 23, minute: 59 } })).toThrow(
      /"weeklyClose\.day"/,
    );
  });

  it('rejects a pre-close window as long as the open week', () => {
    expect(() => parseForexSessionsConfig({ preCloseMinutes: 7200 })).toThrow(/"preCloseMinutes"/);
    expect(parseForexSessionsConfig({ preCloseMinutes: 7199 }).preCloseMinutes).toBe(7199);
  });
});
