import { describe, expect, it } from 'vitest';
import { InMemoryLeaseStore } from '../../../core/src/adapters/embedded/in-memory-lease-store.ts';
import {
  ShardCoordinator,
  type ShardCoordinatorOptions,
  type ShardLeaseChange,
} from '../../../core/src/app/sharding/shard-coordinator.ts';
import type { Scheduler } from '../../../core/src/app/sharding/scheduler.ts';
import { symbolKey } from '../../../core/src/app/sharding/shard-keys.ts';
import { ManualClock } from '../../../core/src/ports/clock.ts';
import type { LeaseStore } from '../../../core/src/ports/lease-store.ts';
import { silentLogger } from '../../../core/src/ports/logger.ts';

const TTL = 3_000;
const HEARTBEAT = 500;
const MARGIN = 600;
const SYMBOLS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'];

/** Heartbeats fire only when the test moves time. */
class ManualScheduler implements Scheduler {
  private readonly tasks = new Set<{ period: number; due: number; task: () => void }>();
  constructor(private readonly clock: ManualClock) {}
  every(periodMs: number, task: () => void): () => void {
    const entry = { period: periodMs, due: this.clock.now() + periodMs, task };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  }
  async advance(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    for (;;) {
      const next = Math.min(...[...this.tasks].map((t) => t.due));
      if (!Number.isFinite(next) || next > end) break;
      this.clock.set(next);
      for (const t of this.tasks) {
        if (t.due === next) {
          t.due += t.period;
          t.task();
        }
      }
      await settle();
    }
    this.clock.set(end);
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

interface Instance {
  readonly coordinator: ShardCoordinator;
  readonly trading: Set<string>;
  readonly releases: { symbol: string; reason: string; at: number }[];
  readonly changes: ShardLeaseChange[];
}

function instance(
  id: string,
  leases: LeaseStore,
  clock: ManualClock,
  scheduler: Scheduler,
  extra: Partial<ShardCoordinatorOptions> = {},
): Instance {
  const trading = new Set<string>();
  const releases: Instance['releases'] = [];
  const changes: ShardLeaseChange[] = [];
  const coordinator = new ShardCoordinator({
    instanceId: id,
    symbols: SYMBOLS,
    leases,
    clock,
    scheduler,
    ttlMs: TTL,
    heartbeatMs: HEARTBEAT,
    safetyMarginMs: MARGIN,
    logger: silentLogger,
    onAcquire: (s) => void trading.add(s),
    onRelease: (s, reason) => {
      trading.delete(s);
      releases.push({ symbol: s, reason, at: clock.now() });
    },
    onChange: (c) => changes.push(c),
    ...extra,
  });
  return { coordinator, trading, releases, changes };
}

function setup(): { clock: ManualClock; scheduler: ManualScheduler; leases: InMemoryLeaseStore } {
  const clock = new ManualClock(1_000_000);
  return { clock, scheduler: new ManualScheduler(clock), leases: new InMemoryLeaseStore() };
}

function expectDisjoint(instances: readonly Instance[]): void {
  const all = instances.flatMap((i) => [...i.trading]);
  expect(new Set(all).size).toBe(all.length);
}

describe('ShardCoordinator', () => {
  it('gives a lone instance every symbol one heartbeat after start', async () => {
    const { clock, scheduler, leases } = setup();
    const a = instance('a', leases, clock, scheduler);
    await a.coordinator.start();
    expect(a.trading.size).toBe(0);
    expect((await leases.list()).map((l) => l.key)).toEqual(['instance~a']);
    await scheduler.advance(HEARTBEAT);
    expect([...a.trading].sort()).toEqual(SYMBOLS);
    expect(a.coordinator.owned()).toEqual(SYMBOLS);
    expect(a.changes.map((c) => c.change)).toEqual(SYMBOLS.map(() => 'claimed'));
  });

  it('splits the symbols fairly between instances and never lets two trade one symbol', async () => {
    const { clock, scheduler, leases } = setup();
    const nodes = ['a', 'b', 'c'].map((id) => instance(id, leases, clock, scheduler));
    for (const node of nodes) {
      await node.coordinator.start();
      expectDisjoint(nodes);
    }
    for (let i = 0; i < 10; i++) {
      await scheduler.advance(HEARTBEAT);
      expectDisjoint(nodes);
    }
    expect(nodes.map((n) => n.trading.size)).toEqual([2, 2, 2]);
    const listed = await leases.list();
    expect(listed.filter((l) => l.key.startsWith('symbol~'))).toHaveLength(6);
  });

  it('moves a dead instance’s symbols to the survivors within ttl + heartbeat', async () => {
    const { clock, scheduler, leases } = setup();
    const a = instance('a', leases, clock, scheduler);
    const deadScheduler = new ManualScheduler(clock);
    const b = instance('b', leases, clock, deadScheduler);
    await a.coordinator.start();
    await b.coordinator.start();
    for (let i = 0; i < 6; i++) {
      await scheduler.advance(HEARTBEAT);
      await deadScheduler.advance(0);
    }
    await deadScheduler.advance(HEARTBEAT);
    expect(a.trading.size).toBe(3);
    const orphaned = [...b.trading];
    expect(orphaned).toHaveLength(3);
    const diedAt = clock.now();
    // b stops beating; its leases were last renewed at diedAt at the latest.
    while (a.trading.size < 6 && clock.now() < diedAt + TTL + 2 * HEARTBEAT)
      await scheduler.advance(HEARTBEAT);
    expect(a.trading.size).toBe(6);
    expect(clock.now() - diedAt).toBeLessThanOrEqual(TTL + HEARTBEAT);
    const takeovers = a.changes.filter((c) => c.change === 'taken_over');
    expect(takeovers.map((c) => c.instrumentId).sort()).toEqual(orphaned.sort());
    expect(takeovers.every((c) => c.previousOwner === 'b')).toBe(true);
  });

  it('stops trading a symbol at once when its renewal is refused', async () => {
    const { clock, scheduler, leases } = setup();
    const a = instance('a', leases, clock, scheduler, { symbols: ['S1'] });
    await a.coordinator.start();
    await scheduler.advance(HEARTBEAT);
    // Someone else owns the key now (as after a takeover while we were stalled).
    await leases.release(symbolKey('S1'), 'a');
    await leases.claim(symbolKey('S1'), 'z', clock.now(), TTL);
    await scheduler.advance(HEARTBEAT);
    expect(a.trading.has('S1')).toBe(false);
    expect(a.releases).toEqual([{ symbol: 'S1', reason: 'lost', at: clock.now() }]);
    expect(a.changes.at(-1)?.change).toBe('lost');
  });

  it('fences a symbol by its local expiry when the store stops answering', async () => {
    const { clock, scheduler, leases } = setup();
    let hang = false;
    const stalling: LeaseStore = {
      claim: (...args) => (hang ? new Promise(() => undefined) : leases.claim(...args)),
      renew: (...args) => (hang ? new Promise(() => undefined) : leases.renew(...args)),
      release: (...args) => leases.release(...args),
      list: () => leases.list(),
    };
    const a = instance('a', stalling, clock, scheduler, { symbols: ['S1'] });
    await a.coordinator.start();
    await scheduler.advance(HEARTBEAT);
    const expiresAt = clock.now() + TTL;
    hang = true;
    await scheduler.advance(TTL);
    expect(a.releases).toHaveLength(1);
    const release = a.releases[0];
    expect(release?.reason).toBe('expired');
    expect(release?.at).toBeGreaterThanOrEqual(expiresAt - MARGIN);
    expect(release?.at).toBeLessThan(expiresAt);
  });

  it('releases every lease and its presence on stop', async () => {
    const { clock, scheduler, leases } = setup();
    const a = instance('a', leases, clock, scheduler);
    await a.coordinator.start();
    await scheduler.advance(HEARTBEAT);
    await a.coordinator.stop();
    expect(a.trading.size).toBe(0);
    expect(a.releases.every((r) => r.reason === 'stopping')).toBe(true);
    expect(await leases.list()).toEqual([]);
  });

  it('releases a symbol that leaves the desired set', async () => {
    const { clock, scheduler, leases } = setup();
    const a = instance('a', leases, clock, scheduler);
    await a.coordinator.start();
    await scheduler.advance(HEARTBEAT);
    a.coordinator.setSymbols(SYMBOLS.slice(1));
    await scheduler.advance(HEARTBEAT);
    expect(a.trading.has('S1')).toBe(false);
    expect(a.releases).toEqual([{ symbol: 'S1', reason: 'unwanted', at: clock.now() }]);
    expect((await leases.list()).some((l) => l.key === symbolKey('S1'))).toBe(false);
  });

  it('rejects a heartbeat that is not below a third of the ttl', () => {
    const { clock, scheduler, leases } = setup();
    expect(() => instance('a', leases, clock, scheduler, { heartbeatMs: 1_000 })).toThrow(/ttl\/3/);
    expect(() => instance('a', leases, clock, scheduler, { safetyMarginMs: 100 })).toThrow(/safety margin/);
  });
});
