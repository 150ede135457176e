import { describe, expect, it } from 'vitest';
import { bounceStrength, evaluateBounce } from '../../../core/src/decision/level4-bounce.ts';
import type { ZoneHit } from '../../../core/src/decision/types.ts';
import { config, shortSnapshot, snapshot, type SnapshotOverrides } from './fixtures.ts';

const DEMAND: ZoneHit = { kind: 'demand_zone', id: 'd', low: 50_200, high: 50_250, distance: 0 };
const SUPPLY: ZoneHit = { kind: 'supply_zone', id: 's', low: 50_250, high: 50_300, distance: 0 };

const long = (o: SnapshotOverrides) => evaluateBounce(snapshot(o), 'long', DEMAND, config);

describe('Level 4 bounce', () => {
  it('passes the base long: bounce 50/52 = 0.96, volume 30 / 15 = 2x, close above the zone', () => {
    const outcome = long({});
    expect(outcome).toMatchObject({ stage: 'bounce', passed: true, reason: 'bouncing_up' });
    expect(outcome.values['bounceStrength']).toBeCloseTo(50 / 52, 12);
    expect(outcome.values['volumeSpike']).toBe(2);
  });

  it('passes the mirrored short: (high - close) / range = 50/52, close below the supply zone', () => {
    const outcome = evaluateBounce(shortSnapshot(), 'short', SUPPLY, config);
    expect(outcome).toMatchObject({ passed: true, reason: 'bouncing_down' });
    expect(outcome.values['bounceStrength']).toBeCloseTo(50 / 52, 12);
  });

  it('needs a live 1m candle', () => {
    expect(long({ live1m: null }).reason).toBe('no_live_candle');
  });

  it('counts a low within 0.1% of price above the zone high as a touch, and not a low beyond it', () => {
    // Zone high 50,250 + 0.001 x 50,328 = 50,300.33: a low of 50,300 touched, 50,301 did not.
    const candle = { open: 50_305, high: 50_330, close: 50_328 };
    expect(long({ lastPrice: 50_328, live1m: { ...candle, low: 50_300 } }).passed).toBe(true);
    const missed = long({ lastPrice: 50_328, live1m: { ...candle, low: 50_301 } });
    expect(missed).toMatchObject({ passed: false, reason: 'zone_not_touched' });
  });

  it('rejects a short whose high stayed more than 0.1% below the supply zone', () => {
    const s = shortSnapshot({
      lastPrice: 50_150,
      live1m: { open: 50_160, high: 50_199, low: 50_140, close: 50_150 },
    });
    expect(evaluateBounce(s, 'short', SUPPLY, config).reason).toBe('zone_not_touched');
  });

  it('rejects a bounce strength of exactly 0.7 and accepts 0.71', () => {
    const candle = { low: 50_210, high: 50_310 };
    expect(long({ live1m: { ...candle, close: 50_280 } }).reason).toBe('bounce_too_weak');
    expect(long({ live1m: { ...candle, close: 50_281 } }).passed).toBe(true);
  });

  it('gives a flat candle no bounce', () => {
    const flat = long({ live1m: { open: 50_260, high: 50_260, low: 50_260, close: 50_260 } });
    expect(flat.reason).toBe('bounce_too_weak');
    expect(flat.values['bounceStrength']).toBe(0);
  });

  it('cannot judge the volume spike without a 20-candle average', () => {
    expect(long({ live1m: { averageVolume20: null } }).reason).toBe('volume_average_unknown');
    expect(long({ live1m: { averageVolume20: 0 } }).reason).toBe('volume_average_unknown');
  });

  it('rejects a volume spike of exactly 1.5x and accepts 1.51x', () => {
    const at = long({ live1m: { volume: 22.5 } });
    expect(at).toMatchObject({ passed: false, reason: 'volume_spike_too_low' });
    expect(at.values['volumeSpike']).toBe(1.5);
    expect(long({ live1m: { volume: 22.65 } }).passed).toBe(true);
  });

  it('rejects a long that closes at the zone high instead of above it', () => {
    const outcome = long({
      lastPrice: 50_250,
      live1m: { open: 50_240, high: 50_252, low: 50_200, close: 50_250 },
    });
    expect(outcome.values['bounceStrength']).toBeCloseTo(50 / 52, 12);
    expect(outcome.reason).toBe('not_moving_away');
  });

  it('rejects a short that closes at the zone low instead of below it', () => {
    const s = shortSnapshot({
      lastPrice: 50_250,
      live1m: { open: 50_260, high: 50_300, low: 50_248, close: 50_250 },
    });
    expect(evaluateBounce(s, 'short', SUPPLY, config).reason).toBe('not_moving_away');
  });
});

describe('bounceStrength', () => {
  const candle = { openTime: 0, open: 100, high: 110, low: 100, close: 108, volume: 1, averageVolume20: 1 };
  it('is (close - low) / range for a long and (high - close) / range for a short', () => {
    expect(bounceStrength(candle, 'long')).toBeCloseTo(0.8, 12);
    expect(bounceStrength(candle, 'short')).toBeCloseTo(0.2, 12);
  });
});
