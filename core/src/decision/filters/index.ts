import type { SecondaryFilter } from '../types.ts';
import { autocorrelationFilter } from './autocorrelation-filter.ts';
import { demandZoneFilter } from './demand-zone-filter.ts';
import { fairValueGapFilter } from './fair-value-gap-filter.ts';
import { marketProfileFilter } from './market-profile-filter.ts';
import { meanReversionFilter } from './mean-reversion-filter.ts';
import { supplyZoneFilter } from './supply-zone-filter.ts';

export * from './autocorrelation-filter.ts';
export * from './demand-zone-filter.ts';
export * from './fair-value-gap-filter.ts';
export * from './filter-points.ts';
export * from './market-profile-filter.ts';
export * from './mean-reversion-filter.ts';
export * from './supply-zone-filter.ts';

/** The six secondary filters of design 2.2.2, in the design's order. */
export const DEFAULT_FILTERS: readonly SecondaryFilter[] = [
  marketProfileFilter,
  meanReversionFilter,
  autocorrelationFilter,
  demandZoneFilter,
  supplyZoneFilter,
  fairValueGapFilter,
];
