import type { HoldConfig } from '../../config/risk/hold-config.ts';
import type { PortfolioPosition, RiskAction, Strategy } from './types.ts';

export interface HoldBreach {
  readonly positionId: string;
  readonly instrumentId: string;
  readonly strategy: Strategy;
  readonly heldMs: number;
  readonly maxHoldMs: number;
  readonly action: RiskAction;
}

/** Max hold per strategy as a lookup table, shared with the health score's hold-time factor. */
export function maxHoldTable(config: HoldConfig): Readonly<Record<Strategy, number>> {
  return { ...config.maxHoldMs };
}

/**
 * Max hold times per strategy (design 2.2.5: scalping 30 min, meme coins 24 h, arbitrage 4 h): a position
 * held for at least its limit is closed with reason `max_hold`. Stateless and O(positions): a position
 * whose close is still pending is reported again at the next check, and the caller, which tracks pending
 * closes anyway, decides whether to ask again.
 */
export class HoldLimits {
  private readonly limits: Readonly<Record<Strategy, number>>;

  constructor(config: HoldConfig) {
    this.limits = maxHoldTable(config);
  }

  check(positions: readonly PortfolioPosition[], now: number): HoldBreach[] {
    const breaches: HoldBreach[] = [];
    for (const p of positions) {
      const heldMs = now - p.entryTime;
      const maxHoldMs = this.limits[p.strategy];
      if (heldMs < maxHoldMs) continue;
      breaches.push({
        positionId: p.positionId,
        instrumentId: p.instrumentId,
        strategy: p.strategy,
        heldMs,
        maxHoldMs,
        action: {
          kind: 'close',
          positionId: p.positionId,
          reason: 'max_hold',
          detail: `${p.strategy} position held ${heldMs} ms >= max ${maxHoldMs} ms`,
        },
      });
    }
    return breaches;
  }
}
