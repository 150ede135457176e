import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createBinanceFeed, type FeedEvent } from '../../../core/src/adapters/binance/feed/index.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import { waitFor, wallClock } from './feed-harness.ts';

/** A port that refuses connections (bound, then closed). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('Binance trade stream reconnects', () => {
  it('backs off exponentially with the injected jitter and reports one outage for many failed attempts', async () => {
    const requested: number[] = [];
    const events: FeedEvent[] = [];
    const feed = createBinanceFeed({
      venue: 'binance-usdm',
      symbols: ['ETHUSDT'],
      clock: wallClock,
      logger: silentLogger,
      onTick: () => undefined,
      onEvent: (e) => events.push(e),
      baseWsUrl: `ws://127.0.0.1:${await deadPort()}`,
      random: () => 0.5,
      backoffBaseMs: 100,
      backoffMaxMs: 1000,
      // Record each delay the stream asks for, but run it at once so the test stays fast.
      timers: {
        setTimeout: (fn, ms) => {
          requested.push(ms);
          return setTimeout(fn, 1);
        },
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      },
    });
    try {
      feed.start();
      await waitFor(() => requested.length >= 7);
      expect(requested.slice(0, 7)).toEqual([75, 150, 300, 600, 750, 750, 750]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'MarketDataConnectionLost',
        payload: { venue: 'binance', marketType: 'usdm', connectionId: 'binance-usdm-ws-1', streams: 1 },
      });
      expect(feed.stats().streams.disconnects).toBe(1);
    } finally {
      feed.stop();
    }
  });
});
