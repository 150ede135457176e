import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedStateStore } from '../../../core/src/adapters/embedded/index.ts';
import { stateStoreContract } from '../../contract/state-store.contract.ts';
import {
  forexAccount,
  order,
  position,
  topLiquid,
  trade,
  watch,
} from '../../contract/state-store.fixtures.ts';

stateStoreContract('embedded, in memory', async () => {
  const store = EmbeddedStateStore.inMemory();
  return { store, cleanup: () => store.close() };
});

let dir = '';
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'state-store-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

stateStoreContract('embedded, DuckDB file', async () => {
  const store = await EmbeddedStateStore.openFile(path.join(dir, 'state.duckdb'));
  return { store, cleanup: () => store.close() };
});

describe('EmbeddedStateStore on a file', () => {
  it('finds every record again after close and reopen', async () => {
    const file = path.join(dir, 'nested', 'state.duckdb');
    const first = await EmbeddedStateStore.openFile(file);
    await first.upsertPosition(position({ entryPrice: 0.1 + 0.2 }));
    await first.upsertOrder(order({ type: 'market', limitPrice: undefined }));
    await first.appendTrade(trade());
    await first.upsertWatchlistEntry(watch());
    await first.replaceTopLiquid({ exchange: 'binance', marketType: 'spot' }, [topLiquid('BTCUSDT', 1)]);
    await first.putForexAccount(forexAccount());
    await first.removeWatchlistEntry('binance:spot:SOLUSDT');
    await first.close();

    const second = await EmbeddedStateStore.openFile(file);
    expect(await second.getPosition('pos-1')).toEqual(position({ entryPrice: 0.1 + 0.2 }));
    expect(await second.getOrder('c-1')).toEqual(order({ type: 'market', limitPrice: undefined }));
    expect(await second.listTrades({ since: 0, until: 10_000 })).toEqual([trade()]);
    expect(await second.getWatchlistEntry('binance:spot:SOLUSDT')).toBeNull();
    expect(await second.getWatchlistEntry('binance:spot:BTCUSDT')).toEqual(topLiquid('BTCUSDT', 1));
    expect(await second.getForexAccount('ftmo_challenge_001')).toEqual(forexAccount());
    await second.close();
  });

  it('rejects writes after close and closes twice without error', async () => {
    const store = await EmbeddedStateStore.openFile(path.join(dir, 'state.duckdb'));
    await store.close();
    await store.close();
    await expect(store.upsertPosition(position())).rejects.toThrow(/closed/);
  });

  it('lets queued writes finish before closing', async () => {
    const file = path.join(dir, 'state.duckdb');
    const store = await EmbeddedStateStore.openFile(file);
    const writes = Array.from({ length: 20 }, (_, i) => store.appendTrade(trade({ positionId: `t-${i}` })));
    await store.close();
    await Promise.all(writes);
    const reopened = await EmbeddedStateStore.openFile(file);
    expect(await reopened.listTrades({ since: 0, until: 10_000 })).toHaveLength(20);
    await reopened.close();
  });
});

describe('EmbeddedStateStore group commit on a file', () => {
  it('keeps bursts larger than one statement, and their deletion, across reopen', async () => {
    const file = path.join(dir, 'state.duckdb');
    const store = await EmbeddedStateStore.openFile(file);
    await Promise.all(
      Array.from({ length: 600 }, (_, i) => store.appendTrade(trade({ positionId: `t-${i}`, exitTime: i }))),
    );
    const [removed, kept] = await Promise.all([
      store.deleteTradesBefore(550),
      store.appendTrade(trade({ positionId: 'late', exitTime: 10_000 })),
    ]);
    expect([removed, kept]).toEqual([550, undefined]);
    await store.close();
    const reopened = await EmbeddedStateStore.openFile(file);
    const left = await reopened.listTrades({ since: 0, until: 20_000 });
    expect(left.map((t) => t.positionId)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => `t-${550 + i}`),
      'late',
    ]);
    await reopened.close();
  });

  it('lets a mutation queued behind another see its effect', async () => {
    const store = await EmbeddedStateStore.openFile(path.join(dir, 'state.duckdb'));
    const results = await Promise.all([
      store.upsertWatchlistEntry(watch()),
      store.removeWatchlistEntry('binance:spot:SOLUSDT'),
      store.removeWatchlistEntry('binance:spot:SOLUSDT'),
    ]);
    expect(results).toEqual([undefined, true, false]);
    await store.close();
  });
});

describe('EmbeddedStateStore file lock', () => {
  it('refuses a second process while the file is open', async () => {
    const file = path.join(dir, 'state.duckdb');
    const store = await EmbeddedStateStore.openFile(file);
    const storeModule = fileURLToPath(
      new URL('../../../core/src/adapters/embedded/index.ts', import.meta.url),
    );
    const script =
      `const { EmbeddedStateStore } = await import(${JSON.stringify(storeModule)});` +
      `await EmbeddedStateStore.openFile(${JSON.stringify(file)}); console.log('opened');`;
    const outcome = await new Promise<{ failed: boolean; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        (error, _out, stderr) => resolve({ failed: error !== null, stderr }),
      );
    });
    await store.close();
    expect(outcome.failed).toBe(true);
    expect(outcome.stderr).toMatch(/lock/i);
  });
});
