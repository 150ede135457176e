import { describe, expect, it } from 'vitest';
import { DecisionEngine } from '../../../core/src/decision/decision-engine.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { config, configWith, shortSnapshot, snapshot, T0 } from './fixtures.ts';

const at = (ms: number, instrumentId?: string) =>
  snapshot({ ts: T0 + ms, ...(instrumentId ? { instrumentId } : {}) });

describe('signal cooldown', () => {
  it('rejects a second long on the same instrument 30 s later at stage score with reason cooldown', () => {
    const engine = new DecisionEngine(config, new SequentialIds());
    expect(engine.evaluate(at(0)).signal).toBeDefined();
    const { record, signal } = engine.evaluate(at(30_000));
    expect(signal).toBeUndefined();
    expect(record).toMatchObject({ rejectedAt: 'score', score: 6.75, tier: 'medium', signalId: null });
    expect(record.stages.at(-1)).toMatchObject({ stage: 'score', passed: false, reason: 'cooldown' });
  });

  it('counts 60 s from the last signal, not from the last rejected attempt', () => {
    const engine = new DecisionEngine(config, new SequentialIds());
    engine.evaluate(at(0));
    expect(engine.evaluate(at(30_000)).signal).toBeUndefined();
    expect(engine.evaluate(at(59_999)).signal).toBeUndefined();
    expect(engine.evaluate(at(60_000)).signal?.ts).toBe(T0 + 60_000);
  });

  it('does not block another instrument or the other direction', () => {
    const engine = new DecisionEngine(config, new SequentialIds());
    engine.evaluate(at(0));
    expect(engine.evaluate(at(1_000, 'binance-spot:ETHUSDT')).signal).toBeDefined();
    expect(engine.evaluate(shortSnapshot({ ts: T0 + 2_000 })).signal?.direction).toBe('short');
  });

  it('is off with cooldownMs 0', () => {
    const engine = new DecisionEngine(configWith({ cooldownMs: 0 }), new SequentialIds());
    engine.evaluate(at(0));
    expect(engine.evaluate(at(0)).signal).toBeDefined();
  });
});
