import { describe, it, expect } from 'vitest';
import {
  MS_PER_DAY,
  WeeklySchedule,
  inCyclicRange,
  msIntoWeek,
  utcHourOfDay,
} from '../../../../core/src/risk/portfolio/week-clock.ts';
import { FRIDAY, MONDAY, SUNDAY, utc } from './fixtures.ts';

describe('UTC week arithmetic', () => {
  it('puts Sunday 00:00 UTC at zero and Friday 23:30 at 5 days 23.5 hours', () => {
    expect(msIntoWeek(utc(SUNDAY, 0))).toBe(0);
    expect(msIntoWeek(utc(FRIDAY, 23, 30))).toBe(5 * MS_PER_DAY + 23.5 * 3_600_000);
  });

  it('handles times before 1970 with a non-negative offset', () => {
    // 1969-12-31 23:59:59.999 was a Wednesday.
    expect(msIntoWeek(-1)).toBe(4 * MS_PER_DAY - 1);
    expect(utcHourOfDay(-1)).toBe(23);
  });

  it('treats a range with start after end as wrapping and start equal to end as empty', () => {
    expect(inCyclicRange(1, 5, 2)).toBe(true);
    expect(inCyclicRange(3, 5, 2)).toBe(false);
    expect(inCyclicRange(5, 5, 5)).toBe(false);
  });

  it('finds the next Monday open strictly after a time, a week ahead when exactly at the open', () => {
    const schedule = new WeeklySchedule(
      { day: 'friday', hour: 23, minute: 59 },
      { day: 'monday', hour: 0, minute: 0 },
      30,
    );
    expect(schedule.nextOpen(utc(FRIDAY, 23, 30))).toBe(utc(MONDAY, 0));
    expect(schedule.nextOpen(utc(MONDAY, 0))).toBe(utc(MONDAY + 7, 0));
  });
});
