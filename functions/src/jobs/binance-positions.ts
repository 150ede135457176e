import { createHmac } from 'node:crypto';
import { makeInstrument } from '@engine/core/domain/instrument';
import type { VenuePosition } from '@engine/core/ports/venue';
import { z } from 'zod';
import type { PositionSource } from './position-reconciler.ts';

// A non-numeric amount must fail the query: read as NaN it would compare as flat.
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const positionRiskSchema = z.array(
  z.looseObject({ symbol: z.string(), positionAmt: decimal, entryPrice: decimal }),
);

export interface BinanceCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * Read-only USDⓈ-M position reader (signed `GET /fapi/v3/positionRisk`). Reconciliation needs nothing
 * else from the venue, so the function bundle carries no exchange SDK.
 */
export class BinanceUsdmPositionSource implements PositionSource {
  readonly venueId = 'binance-usdm';

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: BinanceCredentials,
    private readonly now: () => number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async positions(): Promise<readonly VenuePosition[]> {
    const query = `timestamp=${this.now()}&recvWindow=10000`;
    const signature = createHmac('sha256', this.credentials.apiSecret).update(query).digest('hex');
    const url = new URL(`/fapi/v3/positionRisk?${query}&signature=${signature}`, this.baseUrl);
    const response = await this.fetchImpl(url, {
      headers: { 'X-MBX-APIKEY': this.credentials.apiKey },
      signal: AbortSignal.timeout(20_000),
    });
    if (!response.ok) throw new Error(`positionRisk failed with HTTP ${response.status}`);
    return positionRiskSchema
      .parse(await response.json())
      .map((row) => ({
        instrumentId: makeInstrument('binance', 'usdm', row.symbol).id,
        quantity: Number(row.positionAmt),
        entryPrice: Number(row.entryPrice),
      }))
      .filter((position) => position.quantity !== 0);
  }
}
