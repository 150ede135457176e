import { tempDir } from '../../support/run-cli.ts';

import { afterEach, describe, expect, it } from 'vitest';
import type { FakeBinanceMarketServer } from '../../support/fake-binance/market-server.ts';
import { startMarket, SYMBOLS, TRADES, waitFor } from '../live/live-harness.ts';
import { startRunner, type RunnerProcess } from '../sharding/runner-process.ts';

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('the Cloud Run runner on the live Binance feed (SOURCE=feed)', () => {
  let market: FakeBinanceMarketServer | undefined;
  let runner: RunnerProcess | undefined;

  afterEach(async () => {
    runner?.child.kill('SIGKILL');
    await market?.close();
  });

  it('paper-trades the feed of the symbols it leased, is ready after reconciliation, and drains on SIGTERM', async () => {
    market = await startMarket(20);
    runner = startRunner('feed-a', {
      MODE: 'paper',
      SOURCE: 'feed',
      VENUE: 'binance-spot',
      SYMBOLS: SYMBOLS.join(','),
      FEED_WS_URL: market.wsUrl,
      FEED_REST_URL: market.restUrl,
      DATA_DIR: tempDir('runner-feed'),
      LEASE_TTL_MS: '3000',
      HEARTBEAT_MS: '500',
    });
    const port = await runner.ready;
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const claimed = (): number =>
      runner?.output.filter((line) => line.includes('"change":"claimed"')).length ?? 0;
    await waitFor(() => claimed() >= SYMBOLS.length, 30_000, 'both leases');
    await waitFor(() => (market?.openConnections ?? 0) > 0, 30_000, 'the feed connection');
    await new Promise((r) => setTimeout(r, 1_000)); // the SUBSCRIBE round trip
    market.play();
    let ticks = 0;
    await (async function poll(): Promise<void> {
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        ticks = await metric(port, 'ticks_total');
        if (ticks >= TRADES.length * SYMBOLS.length) return;
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    // Every trade of both leased symbols, once: none lost, none doubled.
    expect(ticks).toBe(TRADES.length * SYMBOLS.length);

    runner.child.kill('SIGTERM');
    const exit = await runner.exited;
    expect(exit.code).toBe(0);
    expect(runner.output.join('\n')).not.toMatch(/runner crashed/);
  }, 180_000);

  it('refuses MODE=live without Binance credentials and places nothing', async () => {
    runner = startRunner('feed-live', {
      MODE: 'live',
      LIVE_TRADING: 'true',
      SOURCE: 'feed',
      VENUE: 'binance-spot',
      SYMBOLS: 'BTCUSDT',
      FEED_WS_URL: 'ws://127.0.0.1:9',
      DATA_DIR: tempDir('runner-live'),
    });
    const exit = await runner.exited;
    expect(exit.code).toBe(2);
    expect(runner.output.join('\n')).toMatch(/BINANCE_API_KEY/);
  });
});
