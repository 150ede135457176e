import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceUsdmPositionSource } from '../../../functions/src/jobs/binance-positions.ts';
import { updateTopLiquid } from '../../../functions/src/jobs/top-liquid.ts';
import { startFakeBinance, type FakeBinance } from '../../integration/functions/support/fake-binance.ts';
import { fakeDeps } from './support/fake-deps.ts';

/** The venue-facing jobs against the local Binance fake, without Firestore (in-memory store double). */
describe('venue-facing jobs against a local Binance fake', () => {
  let binance: FakeBinance;
  beforeAll(async () => {
    binance = await startFakeBinance({ apiKey: 'k1', apiSecret: 's1' });
  });
  afterAll(() => binance.close());

  it('replaces the top-liquid entries from the 24 h ticker and drops the previous ones', async () => {
    const deps = fakeDeps({ binanceBaseUrls: { spot: binance.baseUrl } });
    await deps.store.replaceTopLiquid({ exchange: 'binance', marketType: 'spot' }, [
      {
        exchange: 'binance',
        marketType: 'spot',
        symbol: 'LUNAUSDT',
        kind: 'top_liquid',
        addedAt: 0,
        expiresAt: null,
        addedBy: 'system',
        priority: 1,
        enabled: true,
        rank: 1,
      },
    ]);
    const symbols = await updateTopLiquid(deps, 'spot');
    expect(symbols).toHaveLength(15);
    expect(symbols.slice(0, 3)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(symbols).not.toContain('USDCUSDT');
    expect(symbols).not.toContain('ENAUSDT');
    expect(await deps.store.getWatchlistEntry('binance:spot:LUNAUSDT')).toBeNull();
    expect(await deps.store.getWatchlistEntry('binance:spot:LTCUSDT')).toMatchObject({ rank: 15 });
  });

  it('fails without a configured base URL for the market', async () => {
    await expect(updateTopLiquid(fakeDeps(), 'usdm')).rejects.toThrow(/base URL/);
  });

  it('reads signed positions, skipping flat ones, as signed instrument quantities', async () => {
    binance.positions = [
      { symbol: 'ETHUSDT', positionAmt: '-1.500', entryPrice: '2990.1' },
      { symbol: 'BTCUSDT', positionAmt: '0.000', entryPrice: '0.0' },
    ];
    const source = new BinanceUsdmPositionSource(binance.baseUrl, { apiKey: 'k1', apiSecret: 's1' }, () => 1);
    expect(await source.positions()).toEqual([
      { instrumentId: 'binance-usdm:ETHUSDT', quantity: -1.5, entryPrice: 2990.1 },
    ]);
  });

  it('fails on a non-numeric position amount instead of reading it as flat', async () => {
    binance.positions = [{ symbol: 'ETHUSDT', positionAmt: 'n/a', entryPrice: '2990.1' }];
    const source = new BinanceUsdmPositionSource(binance.baseUrl, { apiKey: 'k1', apiSecret: 's1' }, () => 1);
    await expect(source.positions()).rejects.toThrow();
  });

  it('surfaces a rejected signature as an error, not as "no positions"', async () => {
    const source = new BinanceUsdmPositionSource(
      binance.baseUrl,
      { apiKey: 'k1', apiSecret: 'wrong' },
      () => 1,
    );
    await expect(source.positions()).rejects.toThrow(/HTTP 401/);
  });
});
