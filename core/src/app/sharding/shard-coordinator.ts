import type { PayloadOf } from '../../events/events.ts';
import type { Clock } from '../../ports/clock.ts';
import type { LeaseStore } from '../../ports/lease-store.ts';
import type { Logger } from '../../ports/logger.ts';
import type { Scheduler } from './scheduler.ts';
import { instanceKey, liveInstances, spreadOrder, symbolKey, symbolOf } from './shard-keys.ts';

export type ShardLeaseChange = PayloadOf<'ShardLeaseChanged'>;
/** Why a symbol stopped being ours: renew refused, local fence passed, surplus/unwanted, or shutdown. */
export type ShardReleaseReason = 'lost' | 'expired' | 'rebalanced' | 'unwanted' | 'stopping';

export interface ShardCoordinatorOptions {
  readonly instanceId: string;
  readonly symbols: readonly string[];
  readonly leases: LeaseStore;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly ttlMs: number;
  /** Renew period; must be below ttl / 3 so two renewals can fail before the lease runs out. */
  readonly heartbeatMs: number;
  /** A symbol counts as ours only while now < expiresAt - safetyMarginMs; must be ≥ heartbeatMs. */
  readonly safetyMarginMs: number;
  readonly logger: Logger;
  /** Start trading the symbol (subscribe the feed). */
  readonly onAcquire: (symbol: string) => void | Promise<void>;
  /** Stop trading the symbol now; synchronous on purpose, it runs before any other work. */
  readonly onRelease: (symbol: string, reason: ShardReleaseReason) => void;
  readonly onChange?: (change: ShardLeaseChange) => void;
}

interface Held {
  expiresAt: number;
  generation: number;
}

/**
 * Spreads the desired symbols over the live instances with leases: each instance keeps a presence lease,
 * counts the live ones, and holds a fair share (ceil(symbols / instances)) of symbol leases, claiming
 * free or expired keys and releasing its surplus. Every heartbeat renews what it holds; a refused renewal,
 * or a lease whose local fence (expiresAt - safetyMargin) has passed, stops that symbol before anything
 * else happens.
 *
 * Bounds: a dead instance's symbols move within ttl + heartbeat (+ the claims' round trips). The holder stops
 * trading at expiresAt - safetyMargin + heartbeat at the latest, so no symbol runs twice as long as the
 * clocks of two instances differ by less than safetyMargin - heartbeat.
 */
export class ShardCoordinator {
  private readonly held = new Map<string, Held>();
  private desired: Set<string>;
  private readonly inFlight: { renewal?: Promise<void>; rebalance?: Promise<void> } = {};
  private cancelTimer: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: ShardCoordinatorOptions) {
    const { ttlMs, heartbeatMs, safetyMarginMs } = options;
    if (!(heartbeatMs > 0 && heartbeatMs * 3 < ttlMs)) {
      throw new Error(`shard heartbeat ${heartbeatMs} ms must be positive and below ttl/3 (${ttlMs} ms)`);
    }
    if (!(safetyMarginMs >= heartbeatMs && safetyMarginMs < ttlMs - heartbeatMs)) {
      throw new Error(`shard safety margin ${safetyMarginMs} ms must be ≥ heartbeat and < ttl - heartbeat`);
    }
    this.desired = new Set(options.symbols);
  }

  /**
   * Registers our presence, then beats every heartbeat. The first claims wait for the first beat, so
   * instances started together already count each other and claim disjoint fair shares instead of all
   * racing for every key (contended transactions are slow: about 3 s each on the emulator).
   */
  async start(): Promise<void> {
    await this.track('renewal', () => this.renewOnce());
    if (!this.stopped) {
      this.cancelTimer = this.options.scheduler.every(this.options.heartbeatMs, () => this.beat());
    }
  }

  /** Symbols we may trade right now (fenced by the local clock). */
  owned(): string[] {
    const now = this.options.clock.now();
    return [...this.held.entries()]
      .filter(([, h]) => now < h.expiresAt - this.options.safetyMarginMs)
      .map(([symbol]) => symbol)
      .sort();
  }

  owns(symbol: string): boolean {
    const held = this.held.get(symbol);
    return held !== undefined && this.options.clock.now() < held.expiresAt - this.options.safetyMarginMs;
  }

  /** New desired set (watchlist change); applied on the next heartbeat. */
  setSymbols(symbols: readonly string[]): void {
    this.desired = new Set(symbols);
  }

  /** Stops beating, lets a running round finish, then releases every lease (trading stops first). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await Promise.all([this.inFlight.renewal, this.inFlight.rebalance]);
    const { leases, instanceId } = this.options;
    const symbols = [...this.held.keys()];
    for (const symbol of symbols) this.drop(symbol, 'stopping', 'released');
    await Promise.allSettled([
      ...symbols.map((s) => leases.release(symbolKey(s), instanceId)),
      leases.release(instanceKey(instanceId), instanceId),
    ]);
  }

  /**
   * One timer tick: fence first (synchronously), then a renewal and a rebalance, each unless its previous
   * run is still in flight; renewals never wait behind a slow, contended claim.
   */
  beat(): void {
    this.fence();
    if (this.stopped) return;
    if (this.inFlight.renewal === undefined) void this.track('renewal', () => this.renewOnce());
    if (this.inFlight.rebalance === undefined) void this.track('rebalance', () => this.rebalanceOnce());
  }

  private track(kind: 'renewal' | 'rebalance', work: () => Promise<void>): Promise<void> {
    const run = work()
      .catch((error: unknown) =>
        this.options.logger.log('warn', `shard ${kind} failed`, { error: String(error) }),
      )
      .finally(() => {
        this.inFlight[kind] = undefined;
      });
    this.inFlight[kind] = run;
    return run;
  }

  private fence(): void {
    const now = this.options.clock.now();
    for (const [symbol, held] of this.held) {
      if (now >= held.expiresAt - this.options.safetyMarginMs) this.drop(symbol, 'expired', 'lost');
    }
  }

  /** Presence first (it makes us count as live), then every held symbol. */
  private async renewOnce(): Promise<void> {
    const { leases, instanceId, ttlMs, clock } = this.options;
    const now = clock.now();
    const presence = await leases.claim(instanceKey(instanceId), instanceId, now, ttlMs);
    if (!presence.ok) this.options.logger.log('error', 'instance id already live elsewhere', { instanceId });
    await this.renewHeld(now);
  }

  private async rebalanceOnce(): Promise<void> {
    const { leases, instanceId, clock } = this.options;
    if (this.stopped) return;
    const listed = await leases.list();
    const listedAt = clock.now();
    const share = Math.ceil(this.desired.size / liveInstances(listed, listedAt, instanceId));
    await this.shed(share);
    const free = listed
      .filter((l) => l.owner === instanceId || l.expiresAt <= listedAt)
      .map((l) => symbolOf(l.key));
    const taken = new Set(listed.map((l) => symbolOf(l.key)));
    const candidates = [...this.desired]
      .filter((s) => !this.held.has(s) && (!taken.has(s) || free.includes(s)))
      .sort((a, b) => spreadOrder(instanceId, a) - spreadOrder(instanceId, b))
      .slice(0, Math.max(0, share - this.held.size));
    // One at a time: a refused or slow key must not hold several locks of ours at once.
    for (const symbol of candidates) {
      if (this.stopped) return;
      await this.claim(symbol);
    }
  }

  private async renewHeld(now: number): Promise<void> {
    const { leases, instanceId, ttlMs } = this.options;
    const symbols = [...this.held.keys()];
    const results = await Promise.allSettled(
      symbols.map((s) => leases.renew(symbolKey(s), instanceId, now, ttlMs)),
    );
    results.forEach((result, i) => {
      const symbol = symbols[i] as string;
      const held = this.held.get(symbol);
      if (held === undefined) return;
      // A failed call proves nothing: keep the old expiry and let the fence decide.
      if (result.status === 'rejected') return;
      if (result.value) held.expiresAt = now + ttlMs;
      else this.drop(symbol, 'lost', 'lost');
    });
  }

  /** Releases symbols no longer wanted, then the surplus above our fair share (least preferred first). */
  private async shed(share: number): Promise<void> {
    const { instanceId } = this.options;
    const unwanted = [...this.held.keys()].filter((s) => !this.desired.has(s));
    const kept = [...this.held.keys()]
      .filter((s) => this.desired.has(s))
      .sort((a, b) => spreadOrder(instanceId, b) - spreadOrder(instanceId, a));
    const surplus = kept.slice(0, Math.max(0, kept.length - share));
    for (const symbol of unwanted) this.drop(symbol, 'unwanted', 'released');
    for (const symbol of surplus) this.drop(symbol, 'rebalanced', 'released');
    await Promise.allSettled(
      [...unwanted, ...surplus].map((s) => this.options.leases.release(symbolKey(s), instanceId)),
    );
  }

  private async claim(symbol: string): Promise<void> {
    const { leases, instanceId, ttlMs, clock, safetyMarginMs } = this.options;
    const now = clock.now();
    const claim = await leases.claim(symbolKey(symbol), instanceId, now, ttlMs);
    if (!claim.ok) return;
    // Granted after stop() began: give it straight back, or it would block the symbol for a whole ttl.
    if (this.stopped) return leases.release(symbolKey(symbol), instanceId);
    // A slow claim may come back already past its fence: the next round claims it again (it is ours).
    if (clock.now() >= now + ttlMs - safetyMarginMs) return;
    this.held.set(symbol, { expiresAt: now + ttlMs, generation: claim.lease.generation });
    this.notify(symbol, claim.previousOwner === null ? 'claimed' : 'taken_over', claim.previousOwner);
    try {
      await this.options.onAcquire(symbol);
    } catch (error) {
      this.options.logger.log('error', 'onAcquire failed; releasing the symbol', {
        symbol,
        error: String(error),
      });
      this.drop(symbol, 'lost', 'released');
      await leases.release(symbolKey(symbol), instanceId);
    }
  }

  /** Forgets a symbol and stops its trading at once; the store is updated by the caller if needed. */
  private drop(symbol: string, reason: ShardReleaseReason, change: 'released' | 'lost'): void {
    const held = this.held.get(symbol);
    if (held === undefined) return;
    this.held.delete(symbol);
    try {
      this.options.onRelease(symbol, reason);
    } catch (error) {
      this.options.logger.log('error', 'onRelease failed', { symbol, error: String(error) });
    }
    this.notify(symbol, change, null, held.expiresAt);
  }

  private notify(
    symbol: string,
    change: ShardLeaseChange['change'],
    previousOwner: string | null,
    expiresAt = this.held.get(symbol)?.expiresAt ?? 0,
  ): void {
    this.options.onChange?.({
      instanceId: this.options.instanceId,
      instrumentId: symbol,
      change,
      previousOwner,
      expiresAt,
    });
  }
}
