import type { Fill } from '../../domain/trading.ts';
import type { Balance, VenuePosition } from '../../ports/venue.ts';

interface Holding {
  /** Signed: positive long, negative short. */
  quantity: number;
  entryPrice: number;
}

/**
 * The paper venue's own ledger, kept apart from the engine's book the way a real exchange's is: one net
 * position per instrument at its average price, and a quote-currency cash balance that takes realized
 * P&L and fees (a margin account for every market type; the paper venue does not move base assets).
 */
export class PaperAccount {
  private readonly holdings = new Map<string, Holding>();
  private cash: number;

  constructor(
    startingBalance: number,
    private readonly quoteAsset: string,
  ) {
    this.cash = startingBalance;
  }

  /** Signed net position of an instrument. */
  net(instrumentId: string): number {
    return this.holdings.get(instrumentId)?.quantity ?? 0;
  }

  apply(fill: Fill): void {
    const delta = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const held = this.holdings.get(fill.instrumentId) ?? { quantity: 0, entryPrice: 0 };
    this.cash -= fill.fee;
    if (held.quantity === 0 || Math.sign(held.quantity) === Math.sign(delta)) {
      const quantity = held.quantity + delta;
      held.entryPrice =
        (held.entryPrice * Math.abs(held.quantity) + fill.price * fill.quantity) / Math.abs(quantity);
      held.quantity = quantity;
    } else {
      const closing = Math.min(Math.abs(held.quantity), fill.quantity);
      this.cash += (fill.price - held.entryPrice) * closing * Math.sign(held.quantity);
      const quantity = held.quantity + delta;
      // Crossing through zero opens the remainder at the fill price.
      if (Math.sign(quantity) !== Math.sign(held.quantity)) held.entryPrice = fill.price;
      held.quantity = Math.abs(quantity) < fill.quantity * 1e-12 ? 0 : quantity;
    }
    if (held.quantity === 0) this.holdings.delete(fill.instrumentId);
    else this.holdings.set(fill.instrumentId, held);
  }

  balances(): Balance[] {
    return [{ asset: this.quoteAsset, free: this.cash, locked: 0 }];
  }

  positions(): VenuePosition[] {
    return [...this.holdings].map(([instrumentId, h]) => ({
      instrumentId,
      quantity: h.quantity,
      entryPrice: h.entryPrice,
    }));
  }
}
