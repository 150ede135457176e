import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createBinanceFeed, type FeedEvent } from '../../core/src/adapters/binance/feed/index.ts';
import type { TradeTick } from '../../core/src/domain/ticks.ts';
import { silentLogger } from '../../core/src/ports/logger.ts';
import {
  captureTick,
  loadCaptureTrades,
  oneMinuteCandles,
  relabel,
  repeatTape,
  SPOT_BTC_CAPTURE,
} from '../support/fake-binance/market-capture.ts';
import { FakeBinanceMarketServer } from '../support/fake-binance/market-server.ts';
import { seeded, waitFor } from '../integration/binance-feed/feed-harness.ts';

const SPEED = 10;
const SYMBOL_COUNT = 50;
const DURATION_MS = process.env['SOAK_MINUTES'] ? Number(process.env['SOAK_MINUTES']) * 60_000 : 22_000;
const HEAP_GROWTH_LIMIT_MB = 64;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Per-symbol check done on the fly, so a long soak keeps no tick history (except one symbol's). */
class SymbolCheck {
  count = 0;
  last: number | undefined;
  breaks = 0;
  onTick(t: TradeTick): void {
    const id = t.tradeId as number;
    if (this.last !== undefined && id !== this.last + 1) this.breaks++;
    this.last = id;
    this.count++;
  }
}

describe('Binance feed soak', () => {
  it(
    'streams 50 symbols at 10x through random disconnects without losing, duplicating or leaking',
    async () => {
      const base = loadCaptureTrades(SPOT_BTC_CAPTURE);
      const span = (base[base.length - 1]?.time ?? 0) - (base[0]?.time ?? 0);
      const tape = repeatTape(base, Math.ceil((DURATION_MS * SPEED) / span) + 1);
      const symbols = Array.from({ length: SYMBOL_COUNT }, (_, i) => `S${String(i).padStart(2, '0')}USDT`);
      const server = await FakeBinanceMarketServer.start({
        venue: 'spot',
        tapes: relabel(tape, symbols),
        speed: SPEED,
        tickMs: 10,
      });
      const checks = new Map(symbols.map((s) => [`binance-spot:${s}`, new SymbolCheck()]));
      const watched: TradeTick[] = [];
      const events: FeedEvent[] = [];
      const feed = createBinanceFeed({
        venue: 'binance-spot',
        symbols,
        clock: { now: () => Date.now() },
        logger: silentLogger,
        onTick: (t) => {
          checks.get(t.instrumentId)?.onTick(t);
          if (t.instrumentId === 'binance-spot:S00USDT') watched.push(t);
        },
        onEvent: (e) => events.push(e),
        baseWsUrl: server.wsUrl,
        baseRestUrl: server.restUrl,
        random: seeded(7),
        backoffBaseMs: 50,
        backoffMaxMs: 1000,
        gapGraceMs: 200,
        staleAfterMs: 5000,
      });
      const random = seeded(11);
      try {
        feed.start();
        await waitFor(() => feed.stats().connected === 1);
        const heapBefore = heapMb();
        const started = Date.now();
        server.play();
        let drops = 0;
        while (Date.now() - started < DURATION_MS) {
          await new Promise((r) => setTimeout(r, 1500 + random() * 2500));
          if (Date.now() - started < DURATION_MS - 1000) {
            server.dropAll();
            drops++;
          }
        }
        server.pause();
        const elapsedS = (Date.now() - started) / 1000;
        await waitFor(() => {
          if (feed.stats().busySymbols > 0) return false;
          return symbols.every((s) => checks.get(`binance-spot:${s}`)?.count === server.releasedCount(s));
        }, 30_000);
        const stats = feed.stats();
        const heapAfter = heapMb();
        const report = {
          symbols: SYMBOL_COUNT,
          seconds: elapsedS,
          ticks: stats.ticks,
          ticksPerSec: Math.round(stats.ticks / elapsedS),
          drops,
          reconnects: stats.streams.reconnects,
          gaps: stats.gaps,
          backfilledTrades: stats.backfilledTrades,
          duplicates: stats.duplicates,
          restRequests: stats.restRequests,
          heapBeforeMb: Math.round(heapBefore),
          heapAfterMb: Math.round(heapAfter),
        };
        console.log(`feed soak ${JSON.stringify(report)}`);
        for (const s of symbols) {
          const check = checks.get(`binance-spot:${s}`) as SymbolCheck;
          expect(check.breaks, s).toBe(0);
          expect(check.count, s).toBe(server.releasedCount(s));
        }
        expect(stats.unrecoveredTrades).toBe(0);
        // Every outage was reported and recovered (a drop during a reconnect joins the same outage).
        const lost = events.filter((e) => e.type === 'MarketDataConnectionLost').length;
        const recovered = events.filter((e) => e.type === 'MarketDataConnectionRecovered').length;
        expect(drops).toBeGreaterThan(0);
        expect(lost).toBeGreaterThanOrEqual(1);
        expect(recovered).toBe(lost);
        expect(stats.streams.reconnects).toBe(lost);
        const clean = server.released('S00USDT').map((t) => captureTick('binance-spot:S00USDT', t));
        expect(oneMinuteCandles(watched)).toEqual(oneMinuteCandles(clean));
        // The watched symbol's ticks and the server's schedule are the data retained by design.
        expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
      } finally {
        feed.stop();
        await server.close();
      }
    },
    DURATION_MS + 120_000,
  );
});
