import type { DumpConfig } from '../../config/risk/dump-config.ts';
import { RollingExtreme } from './rolling-extreme.ts';
import { pct } from './dump-triggers.ts';

/** One DEX pool liquidity reading (the payload of PoolLiquidityObserved plus its event time). */
export interface LiquidityReading {
  readonly instrumentId: string;
  readonly pool: string;
  readonly liquidityUsd: number;
  readonly ts: number;
}

export interface LiquidityDrop {
  readonly drop: number;
  readonly maxUsd: number;
  readonly detail: string;
}

/**
 * Liquidity evaporation (design 2.2.5: "DEX liquidity drops > 30% in 10 minutes"): the current reading
 * against the maximum reading of the trailing window, the current one included; a reading exactly
 * `windowMs` old still counts. Each pool is watched on its own (a rug pull drains the pool the position
 * trades in), and windows are kept whether or not a position is open, so a position opened mid-drain sees
 * the earlier maximum.
 */
export class LiquidityWatch {
  private readonly pools = new Map<string, RollingExtreme>();

  constructor(private readonly config: DumpConfig['liquidityDrop']) {}

  /** Records the reading; returns the drop when it exceeds the threshold. Invalid readings are skipped. */
  observe(reading: LiquidityReading): LiquidityDrop | undefined {
    if (!Number.isFinite(reading.liquidityUsd) || reading.liquidityUsd < 0) return undefined;
    const key = `${reading.instrumentId}|${reading.pool}`;
    let window = this.pools.get(key);
    if (window === undefined) {
      window = new RollingExtreme('max', this.config.windowMs, this.config.maxReadings);
      this.pools.set(key, window);
    }
    window.push(reading.ts, reading.liquidityUsd);
    const maxUsd = window.extreme() ?? reading.liquidityUsd;
    if (!(maxUsd > 0)) return undefined;
    const drop = (maxUsd - reading.liquidityUsd) / maxUsd;
    if (!(drop > this.config.threshold)) return undefined;
    const minutes = Math.round(this.config.windowMs / 60_000);
    const detail =
      `pool ${reading.pool} liquidity $${reading.liquidityUsd.toFixed(0)} down ${pct(drop)} ` +
      `from $${maxUsd.toFixed(0)} within ${minutes} min`;
    return { drop, maxUsd, detail };
  }
}
