import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../../core/src/ports/state-store.ts';
import {
  AWKWARD_NUMBERS,
  forexAccount,
  order,
  position,
  sealedSecret,
  strategyConfig,
  topLiquid,
  trade,
  watch,
} from './state-store.fixtures.ts';

export interface StoreUnderTest {
  readonly store: StateStore;
  readonly cleanup: () => Promise<void>;
}

const spot = { exchange: 'binance', marketType: 'spot' } as const;
const usdm = { exchange: 'binance', marketType: 'usdm' } as const;

/**
 * The behaviour every StateStore must show (embedded and Firestore run the same cases). `makeStore` gives
 * each test an empty store.
 */
export function stateStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`StateStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: StateStore;
    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('positions', () => {
      it('stores, overwrites, lists by venue in id order and removes positions', async () => {
        await store.upsertPosition(position({ positionId: 'p-b' }));
        await store.upsertPosition(position({ positionId: 'p-a', stopPrice: 1 }));
        await store.upsertPosition(position({ positionId: 'p-c', ...usdm }));
        await store.upsertPosition(position({ positionId: 'p-a', stopPrice: 2 }));
        expect(await store.getPosition('p-a')).toEqual(position({ positionId: 'p-a', stopPrice: 2 }));
        expect((await store.listPositions()).map((p) => p.positionId)).toEqual(['p-a', 'p-b', 'p-c']);
        expect((await store.listPositions({ marketType: 'usdm' })).map((p) => p.positionId)).toEqual(['p-c']);
        expect((await store.listPositions(spot)).map((p) => p.positionId)).toEqual(['p-a', 'p-b']);
        expect(await store.listPositions({ exchange: 'bybit' })).toEqual([]);
        await store.removePosition('p-a');
        await store.removePosition('p-missing');
        expect(await store.getPosition('p-a')).toBeNull();
        expect((await store.listPositions()).map((p) => p.positionId)).toEqual(['p-b', 'p-c']);
      });
    });

    describe('orders', () => {
      it('round-trips a market order without a limit price and a limit order with one', async () => {
        await store.upsertOrder(order({ clientOrderId: 'm-1', type: 'market', limitPrice: undefined }));
        await store.upsertOrder(order({ clientOrderId: 'l-1' }));
        const market = await store.getOrder('m-1');
        expect(market).toEqual(order({ clientOrderId: 'm-1', type: 'market', limitPrice: undefined }));
        expect(market?.limitPrice).toBeUndefined();
        expect((await store.getOrder('l-1'))?.limitPrice).toBe(64_000.5);
        expect(await store.getOrder('nope')).toBeNull();
      });

      it('lists only working orders, by venue, in client order id order', async () => {
        const statuses = ['pending', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected'] as const;
        for (const [index, status] of statuses.entries()) {
          await store.upsertOrder(order({ clientOrderId: `c-${5 - index}`, status }));
        }
        await store.upsertOrder(order({ clientOrderId: 'c-9', status: 'open', ...usdm }));
        expect((await store.listOpenOrders()).map((o) => o.clientOrderId)).toEqual([
          'c-3',
          'c-4',
          'c-5',
          'c-9',
        ]);
        expect((await store.listOpenOrders(spot)).map((o) => o.status)).toEqual([
          'partially_filled',
          'open',
          'pending',
        ]);
        await store.upsertOrder(order({ clientOrderId: 'c-4', status: 'filled', filledQuantity: 0.5 }));
        expect((await store.listOpenOrders({ exchange: 'binance' })).map((o) => o.clientOrderId)).toEqual([
          'c-3',
          'c-5',
          'c-9',
        ]);
      });
    });

    describe('trade history', () => {
      it('keeps one record when the same trade is appended twice', async () => {
        await store.appendTrade(trade());
        await store.appendTrade(trade());
        expect(await store.listTrades({ since: 0, until: 10_000 })).toEqual([trade()]);
      });

      it('lists trades with since <= exitTime < until, oldest first, ties by position id, up to a limit', async () => {
        const exits: Array<[string, number]> = [
          ['t-e', 500],
          ['t-d', 300],
          ['t-c', 300],
          ['t-a', 100],
          ['t-b', 200],
        ];
        await Promise.all(
          exits.map(([id, exitTime]) => store.appendTrade(trade({ positionId: id, exitTime }))),
        );
        const ids = async (q: { since: number; until: number; limit?: number }) =>
          (await store.listTrades(q)).map((t) => t.positionId);
        expect(await ids({ since: 0, until: 1_000 })).toEqual(['t-a', 't-b', 't-c', 't-d', 't-e']);
        expect(await ids({ since: 200, until: 500 })).toEqual(['t-b', 't-c', 't-d']);
        expect(await ids({ since: 0, until: 1_000, limit: 3 })).toEqual(['t-a', 't-b', 't-c']);
        expect(await ids({ since: 0, until: 1_000, limit: 0 })).toEqual([]);
        expect(await ids({ since: 600, until: 1_000 })).toEqual([]);
      });

      it('deletes trades that exited before a time and says how many', async () => {
        for (let i = 0; i < 12; i++)
          await store.appendTrade(trade({ positionId: `t-${i}`, exitTime: i * 100 }));
        expect(await store.deleteTradesBefore(500)).toBe(5);
        expect(await store.deleteTradesBefore(500)).toBe(0);
        const left = await store.listTrades({ since: 0, until: 10_000 });
        expect(left.map((t) => t.exitTime)).toEqual([500, 600, 700, 800, 900, 1000, 1100]);
      });
    });

    describe('watchlists', () => {
      const now = 50_000;

      it('gets and removes entries by exchange:marketType:symbol, saying whether one existed', async () => {
        await store.upsertWatchlistEntry(watch());
        expect(await store.getWatchlistEntry('binance:spot:SOLUSDT')).toEqual(watch());
        expect(await store.removeWatchlistEntry('binance:spot:SOLUSDT')).toBe(true);
        expect(await store.removeWatchlistEntry('binance:spot:SOLUSDT')).toBe(false);
        expect(await store.getWatchlistEntry('binance:spot:SOLUSDT')).toBeNull();
      });

      it('lists enabled, unexpired entries of one venue by priority then symbol', async () => {
        await store.upsertWatchlistEntry(topLiquid('BTCUSDT', 1));
        await store.upsertWatchlistEntry(topLiquid('ETHUSDT', 2, { priority: 2 }));
        await store.upsertWatchlistEntry(watch({ symbol: 'AVAXUSDT', priority: 2, expiresAt: now + 1 }));
        await store.upsertWatchlistEntry(watch({ symbol: 'DOGEUSDT', priority: 1, expiresAt: now }));
        await store.upsertWatchlistEntry(watch({ symbol: 'PEPEUSDT', priority: 1, enabled: false }));
        await store.upsertWatchlistEntry(watch({ symbol: 'ADAUSDT', priority: 1, ...usdm }));
        const active = await store.listActiveWatchlist(spot, now);
        expect(active.map((e) => e.symbol)).toEqual(['BTCUSDT', 'AVAXUSDT', 'ETHUSDT']);
        expect(active[0]).toEqual(topLiquid('BTCUSDT', 1));
        expect((await store.listActiveWatchlist(usdm, now)).map((e) => e.symbol)).toEqual(['ADAUSDT']);
      });

      it('removes expired manual entries only, returning their ids', async () => {
        await store.upsertWatchlistEntry(watch({ symbol: 'OLD1', expiresAt: now - 1 }));
        await store.upsertWatchlistEntry(watch({ symbol: 'OLD2', expiresAt: now, ...usdm }));
        await store.upsertWatchlistEntry(watch({ symbol: 'FRESH', expiresAt: now + 1 }));
        await store.upsertWatchlistEntry(topLiquid('BTCUSDT', 1));
        await store.upsertWatchlistEntry(topLiquid('ODDTOP', 2, { expiresAt: now - 10 }));
        expect(await store.removeExpiredWatchlist(now)).toEqual(['binance:spot:OLD1', 'binance:usdm:OLD2']);
        expect(await store.removeExpiredWatchlist(now)).toEqual([]);
        for (const id of ['binance:spot:FRESH', 'binance:spot:BTCUSDT', 'binance:spot:ODDTOP']) {
          expect(await store.getWatchlistEntry(id)).not.toBeNull();
        }
      });

      it('replaces a venue top-liquid list and keeps manual entries and other venues', async () => {
        await store.upsertWatchlistEntry(topLiquid('BTCUSDT', 1));
        await store.upsertWatchlistEntry(topLiquid('XRPUSDT', 2));
        await store.upsertWatchlistEntry(topLiquid('BTCUSDT', 1, usdm));
        const manual = watch({ symbol: 'SOLUSDT', priority: 4 });
        await store.upsertWatchlistEntry(manual);
        await store.replaceTopLiquid(spot, [
          topLiquid('ETHUSDT', 1),
          topLiquid('BTCUSDT', 2),
          topLiquid('SOLUSDT', 3),
        ]);
        const active = await store.listActiveWatchlist(spot, 0);
        expect(active.map((e) => [e.symbol, e.kind, e.rank])).toEqual([
          ['BTCUSDT', 'top_liquid', 2],
          ['ETHUSDT', 'top_liquid', 1],
          ['SOLUSDT', 'manual', null],
        ]);
        expect(await store.getWatchlistEntry('binance:spot:SOLUSDT')).toEqual(manual);
        expect(await store.getWatchlistEntry('binance:usdm:BTCUSDT')).toEqual(topLiquid('BTCUSDT', 1, usdm));
        await store.replaceTopLiquid(spot, []);
        expect((await store.listActiveWatchlist(spot, 0)).map((e) => e.symbol)).toEqual(['SOLUSDT']);
      });

      it('refuses a top-liquid replacement holding a manual entry or another venue', async () => {
        await expect(store.replaceTopLiquid(spot, [watch()])).rejects.toThrow(TypeError);
        await expect(store.replaceTopLiquid(spot, [topLiquid('BTCUSDT', 1, usdm)])).rejects.toThrow(
          TypeError,
        );
      });
    });

    describe('configs and system state', () => {
      it('stores a market config per venue', async () => {
        const config = { ...spot, feeMaker: 0.001, feeTaker: 0.001, maxLeverage: 1, updatedAt: 9 };
        await store.putMarketConfig(config);
        expect(await store.getMarketConfig(spot)).toEqual(config);
        expect(await store.getMarketConfig(usdm)).toBeNull();
      });

      it('lists strategy configs of one venue by strategy id, nested params intact', async () => {
        await store.putStrategyConfig(strategyConfig({ strategyId: 'zeta' }));
        await store.putStrategyConfig(strategyConfig({ strategyId: 'alpha', enabled: false }));
        await store.putStrategyConfig(strategyConfig({ strategyId: 'alpha', ...usdm }));
        const configs = await store.listStrategyConfigs(spot);
        expect(configs).toEqual([
          strategyConfig({ strategyId: 'alpha', enabled: false }),
          strategyConfig({ strategyId: 'zeta' }),
        ]);
      });

      it('stores system state by key', async () => {
        const record = {
          key: 'last_reconciliation',
          value: { at: 123, ok: true, notes: ['a'] },
          updatedAt: 124,
        };
        await store.putSystemState(record);
        expect(await store.getSystemState('last_reconciliation')).toEqual(record);
        expect(await store.getSystemState('other')).toBeNull();
      });
    });

    describe('forex accounts', () => {
      it('round-trips sealed credentials and lists an owner accounts by id', async () => {
        const rotated = { ...sealedSecret, keyId: 'local:rotated', ciphertext: 'bmV3' };
        await store.putForexAccount(forexAccount({ accountId: 'acc-2' }));
        await store.putForexAccount(forexAccount({ accountId: 'acc-1' }));
        await store.putForexAccount(forexAccount({ accountId: 'acc-1', credentials: rotated }));
        await store.putForexAccount(forexAccount({ accountId: 'acc-3', ownerUid: 'uid-bob' }));
        expect(await store.getForexAccount('acc-1')).toEqual(
          forexAccount({ accountId: 'acc-1', credentials: rotated }),
        );
        const alice = await store.listForexAccounts('uid-alice');
        expect(alice.map((a) => [a.accountId, a.credentials.keyId])).toEqual([
          ['acc-1', 'local:rotated'],
          ['acc-2', sealedSecret.keyId],
        ]);
        expect(await store.listForexAccounts('uid-nobody')).toEqual([]);
        expect(await store.getForexAccount('acc-missing')).toBeNull();
      });
    });

    describe('values', () => {
      it('round-trips awkward doubles exactly', async () => {
        for (const [index, value] of AWKWARD_NUMBERS.entries()) {
          await store.upsertPosition(
            position({ positionId: `n-${index}`, entryPrice: value, quantity: value }),
          );
        }
        await store.putStrategyConfig(strategyConfig({ params: { values: [...AWKWARD_NUMBERS] } }));
        for (const [index, value] of AWKWARD_NUMBERS.entries()) {
          const stored = await store.getPosition(`n-${index}`);
          expect(Object.is(stored?.entryPrice, value)).toBe(true);
        }
        expect((await store.listStrategyConfigs(spot))[0]?.params).toEqual({ values: [...AWKWARD_NUMBERS] });
      });

      it('rejects values neither store can hold exactly, and ids Firestore cannot hold', async () => {
        await expect(store.upsertPosition(position({ unrealizedPnl: Number.NaN }))).rejects.toThrow(
          TypeError,
        );
        await expect(store.appendTrade(trade({ pnlPercent: Infinity }))).rejects.toThrow(TypeError);
        await expect(store.upsertPosition(position({ positionId: 'a/b' }))).rejects.toThrow(TypeError);
        expect(await store.listPositions()).toEqual([]);
      });

      it('hands out copies: changing a record after writing or reading it changes nothing stored', async () => {
        const params: Record<string, unknown> = { size: 1 };
        await store.putStrategyConfig(strategyConfig({ params }));
        params['size'] = 2;
        const read = (await store.listStrategyConfigs(spot))[0];
        (read?.params as Record<string, unknown>)['size'] = 3;
        expect((await store.listStrategyConfigs(spot))[0]?.params).toEqual({ size: 1 });
      });

      it('keeps every one of many concurrent writes to different keys', async () => {
        const ids = Array.from({ length: 40 }, (_, i) => `p-${String(i).padStart(2, '0')}`);
        await Promise.all(ids.map((positionId) => store.upsertPosition(position({ positionId }))));
        expect((await store.listPositions()).map((p) => p.positionId)).toEqual(ids);
      });
    });
  });
}
