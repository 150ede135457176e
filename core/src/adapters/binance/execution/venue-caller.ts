import { VenueQueryFailed } from './binance-errors.ts';
import type { BinanceExchange } from './binance-client.ts';
import { VenueCallError, type VenueCircuit } from './venue-circuit.ts';

/**
 * Every venue call goes through here: it waits out a Retry-After pause the venue asked for (shared by all
 * calls, as Binance bans the IP, not the request), then runs through the circuit breaker. ccxt's own
 * limiter (enableRateLimit) paces requests by their documented weights underneath.
 */
export class VenueCaller {
  private pausedUntil = 0;

  constructor(
    private readonly exchange: BinanceExchange,
    private readonly circuit: VenueCircuit,
  ) {}

  async call<T>(fn: () => Promise<T>): Promise<T> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // ccxt records the headers of the last response before it throws; read them in the same turn.
    const retryAfter = () => {
      const headers = this.exchange.last_response_headers as Record<string, string> | undefined;
      return headers?.['Retry-After'];
    };
    try {
      return await this.circuit.execute(fn, retryAfter);
    } catch (error) {
      const pause = error instanceof VenueCallError ? error.failure.retryAfterMs : undefined;
      if (pause !== undefined) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + pause);
      throw error;
    }
  }

  /** A query: any failure (including an open circuit) is a VenueQueryFailed, never an empty answer. */
  async query<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.call(fn);
    } catch (error) {
      if (error instanceof VenueCallError) throw new VenueQueryFailed(name, error.failure);
      throw new VenueQueryFailed(name, {
        failureClass: 'ambiguous',
        reasonCode: 'venue_circuit_open',
        binanceCode: undefined,
        httpStatus: undefined,
        retryAfterMs: undefined,
        message: error instanceof Error ? error.message : String(error),
        venueHealth: true,
      });
    }
  }
}
