/** How many evaluations passed each gate (decisions #10: counted per evaluation). Each <= the previous. */
export interface FunnelCounts {
  readonly evaluations: number;
  readonly level1_passed: number;
  readonly level2_passed: number;
  readonly level3_passed: number;
  readonly level4_passed: number;
  readonly primary_passed: number;
  readonly signals: number;
}

export type FunnelKey = keyof FunnelCounts;

export function emptyFunnel(): { -readonly [K in FunnelKey]: number } {
  return {
    evaluations: 0,
    level1_passed: 0,
    level2_passed: 0,
    level3_passed: 0,
    level4_passed: 0,
    primary_passed: 0,
    signals: 0,
  };
}
