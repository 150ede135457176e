import type { FilterPoints } from '../../events/decision-record.ts';

/** `share` of the filter's weight (1 = full points, 0 = none). */
export function award(filter: string, weight: number, share: number, reason: string): FilterPoints {
  return { filter, points: weight * share, weight, reason };
}
