import { describe, expect, it } from 'vitest';
import { parseRunnerConfig } from '../../../ingest-runner/src/runner/config.ts';

describe('parseRunnerConfig', () => {
  it('fills the defaults from a minimal environment', () => {
    const result = parseRunnerConfig(
      { SYMBOLS: 'BTCUSDT, ETHUSDT,BTCUSDT', K_REVISION: 'engine-00042' },
      'host-a',
      'ab12cd34',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      mode: 'paper',
      source: 'replay',
      venue: 'binance-spot',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      port: 8080,
      lease: { ttlMs: 15_000, heartbeatMs: 4_000, safetyMarginMs: 5_000 },
      shutdownGraceMs: 8_000,
      state: 'embedded',
      transport: 'in-process',
      liveTrading: false,
    });
    expect(result.config.instanceId).toBe('engine-00042-host-a-ab12cd34');
  });

  it('gives two instances on one host distinct default ids', () => {
    const ids = [1, 2].map((): string | undefined => {
      const result = parseRunnerConfig({ SYMBOLS: 'BTCUSDT' }, 'localhost');
      return result.ok ? result.config.instanceId : undefined;
    });
    expect(ids[0]).toMatch(/^local-localhost-[0-9a-f]{8}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('names every invalid variable in one message', () => {
    const result = parseRunnerConfig({ SYMBOLS: 'btc-usdt', PORT: 'eighty', STATE: 'redis' });
    expect(result).toMatchObject({ ok: false, reasonCode: 'invalid_config' });
    if (result.ok) return;
    expect(result.message).toMatch(/SYMBOLS/);
    expect(result.message).toMatch(/PORT/);
    expect(result.message).toMatch(/STATE/);
  });

  it('refuses a missing symbol list', () => {
    expect(parseRunnerConfig({}).ok).toBe(false);
    expect(parseRunnerConfig({ SYMBOLS: ' , ' }).ok).toBe(false);
  });

  it('requires LIVE_TRADING=true spelled out for live mode', () => {
    expect(parseRunnerConfig({ SYMBOLS: 'BTCUSDT', MODE: 'live' }).ok).toBe(false);
    expect(parseRunnerConfig({ SYMBOLS: 'BTCUSDT', MODE: 'live', LIVE_TRADING: '1' }).ok).toBe(false);
    const live = parseRunnerConfig({ SYMBOLS: 'BTCUSDT', MODE: 'live', LIVE_TRADING: 'true' });
    expect(live.ok && live.config.liveTrading).toBe(true);
  });

  it('refuses LIVE_TRADING=true in paper mode', () => {
    const result = parseRunnerConfig({ SYMBOLS: 'BTCUSDT', LIVE_TRADING: 'true' });
    expect(result.ok).toBe(false);
  });

  it('requires a project id for the Firestore state', () => {
    expect(parseRunnerConfig({ SYMBOLS: 'BTCUSDT', STATE: 'firestore' }).ok).toBe(false);
    const ok = parseRunnerConfig({ SYMBOLS: 'BTCUSDT', STATE: 'firestore', GOOGLE_CLOUD_PROJECT: 'p1' });
    expect(ok.ok && ok.config.firestoreProject).toBe('p1');
  });
});
