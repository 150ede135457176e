export * from './zone-types.ts';
export * from './supply-demand-zones.ts';
export * from './fvg-types.ts';
export * from './fair-value-gaps.ts';
export { distanceFraction } from './price-distance.ts';
