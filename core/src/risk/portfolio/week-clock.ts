import { MINUTES_PER_WEEK, weekMinute, type WeekTime } from '../../config/risk/sessions-config.ts';

/**
 * UTC calendar arithmetic on event time (ms). Pure integer math: no Date, no wall clock, no time zone
 * tables, so replays at any speed see the same boundaries.
 */
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const MS_PER_WEEK = MINUTES_PER_WEEK * MS_PER_MINUTE;

/** 1970-01-01 was a Thursday: shifting by four days puts Sunday 00:00 UTC at 0. */
const EPOCH_WEEK_OFFSET_MS = 4 * MS_PER_DAY;

export function floorMod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** Ms since Sunday 00:00 UTC of the week containing `ts`. */
export function msIntoWeek(ts: number): number {
  return floorMod(ts + EPOCH_WEEK_OFFSET_MS, MS_PER_WEEK);
}

export function utcHourOfDay(ts: number): number {
  return Math.floor(floorMod(ts, MS_PER_DAY) / MS_PER_HOUR);
}

/** Half-open range [start, end) on a cycle of `period`; start > end wraps, start === end is empty. */
export function inCyclicRange(value: number, start: number, end: number): boolean {
  return start <= end ? value >= start && value < end : value >= start || value < end;
}

/** Weekly trading hours as offsets into the week, with the pre-close window before the close. */
export class WeeklySchedule {
  /** Ms into the week when the market shuts: the end of the last open minute. */
  private readonly closeAt: number;
  private readonly preCloseAt: number;
  private readonly openAt: number;

  constructor(lastOpenMinute: WeekTime, firstOpenMinute: WeekTime, preCloseMinutes: number) {
    this.closeAt = floorMod((weekMinute(lastOpenMinute) + 1) * MS_PER_MINUTE, MS_PER_WEEK);
    this.preCloseAt = floorMod(this.closeAt - preCloseMinutes * MS_PER_MINUTE, MS_PER_WEEK);
    this.openAt = weekMinute(firstOpenMinute) * MS_PER_MINUTE;
  }

  phase(ts: number): 'open' | 'pre_close' | 'closed' {
    const w = msIntoWeek(ts);
    if (inCyclicRange(w, this.closeAt, this.openAt)) return 'closed';
    if (inCyclicRange(w, this.preCloseAt, this.closeAt)) return 'pre_close';
    return 'open';
  }

  /** First event time strictly after `ts` when the market opens. */
  nextOpen(ts: number): number {
    const candidate = ts - msIntoWeek(ts) + this.openAt;
    return candidate > ts ? candidate : candidate + MS_PER_WEEK;
  }
}
