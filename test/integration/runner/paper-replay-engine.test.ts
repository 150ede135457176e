import { tempDir } from '../../support/run-cli.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEngineConfig } from '../../../core/src/config/engine-config.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';
import { PaperReplayEngineHandle } from '../../../ingest-runner/src/runner/paper-replay-engine.ts';

const TAPES = resolve(import.meta.dirname, '../../../data/tapes');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function engine(dataDir: string | undefined) {
  const seen: string[] = [];
  const handle = new PaperReplayEngineHandle({
    venue: 'binance-spot',
    tapeDir: TAPES,
    dataDir,
    ticksPerSecond: 20_000,
    config: defaultEngineConfig,
    logger: silentLogger,
    onTick: (symbol) => seen.push(symbol),
  });
  return { handle, seen };
}

describe('PaperReplayEngineHandle', () => {
  it('refuses at start a symbol with no tape for the venue', async () => {
    await expect(engine(undefined).handle.start(['BTCUSDT', 'NOPEUSDT'])).rejects.toThrow(/NOPEUSDT/);
  });

  it('replays an owned symbol’s tape through the trading session and stops it at once on removal', async () => {
    const dataDir = tempDir('paper-replay');
    const { handle, seen } = engine(dataDir);
    await handle.start(['BTCUSDT', 'ETHUSDT']);
    await handle.addSymbol('BTCUSDT');
    await handle.addSymbol('ETHUSDT');
    await sleep(400);
    const running = handle.stats();
    expect(running.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(running.ticks).toBeGreaterThan(1_000);
    expect(running.decisions).toBeGreaterThan(0);
    handle.removeSymbol('BTCUSDT');
    const btcTicksAtRemoval = seen.filter((s) => s === 'BTCUSDT').length;
    await sleep(300);
    expect(seen.filter((s) => s === 'BTCUSDT').length).toBe(btcTicksAtRemoval);
    expect(handle.stats().symbols).toEqual(['ETHUSDT']);
    await handle.flush();
    await handle.stop();
    expect(existsSync(join(dataDir, 'binance', 'spot', 'ETHUSDT', 'trading.duckdb'))).toBe(true);
  });
});
