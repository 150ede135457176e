import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineStats } from '../runner/engine-handle.ts';

/**
 * Prometheus metrics on a registry of this runner's own (never prom-client's global default), filled at
 * scrape time from the engine's cumulative stats, so the hot path does no metrics work at all.
 */
export class RunnerMetrics {
  readonly registry = new Registry();
  private readonly ticks: Counter<'venue'>;
  private readonly tickRate: Gauge<'venue'>;
  private readonly feedLag: Gauge<'venue'>;
  private readonly openPositions: Gauge<'venue'>;
  private readonly errors: Counter<'component'>;
  private readonly reconnects: Counter<'venue'>;
  private readonly decisions: Counter<'venue'>;
  private readonly orders: Counter<'venue'>;
  private readonly ownedSymbols: Gauge<'venue'>;
  private last: { stats: EngineStats; at: number } | undefined;
  private readonly runnerErrors = new Map<string, number>();
  private readonly lastErrors = new Map<string, number>();

  constructor(
    private readonly readStats: () => EngineStats,
    private readonly now: () => number,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.ticks = new Counter({
      name: 'ticks_total',
      help: 'Ticks processed',
      labelNames: ['venue'],
      registers,
    });
    this.tickRate = new Gauge({
      name: 'ticks_per_second',
      help: 'Ticks/s since the previous scrape',
      labelNames: ['venue'],
      registers,
    });
    this.feedLag = new Gauge({
      name: 'feed_lag_seconds',
      help: 'Local receive time minus venue event time of the latest tick',
      labelNames: ['venue'],
      registers,
    });
    this.openPositions = new Gauge({
      name: 'open_positions',
      help: 'Open positions',
      labelNames: ['venue'],
      registers,
    });
    this.errors = new Counter({
      name: 'errors_total',
      help: 'Errors by component',
      labelNames: ['component'],
      registers,
    });
    this.reconnects = new Counter({
      name: 'reconnects_total',
      help: 'Feed reconnects',
      labelNames: ['venue'],
      registers,
    });
    this.decisions = new Counter({
      name: 'decisions_total',
      help: 'Decisions evaluated',
      labelNames: ['venue'],
      registers,
    });
    this.orders = new Counter({
      name: 'orders_total',
      help: 'Orders placed',
      labelNames: ['venue'],
      registers,
    });
    this.ownedSymbols = new Gauge({
      name: 'owned_symbols',
      help: 'Symbols this instance holds leases for',
      labelNames: ['venue'],
      registers,
    });
  }

  /** Errors the runner itself sees (lease store, shutdown), beside the engine's own. */
  countError(component: string): void {
    this.runnerErrors.set(component, (this.runnerErrors.get(component) ?? 0) + 1);
  }

  async render(): Promise<string> {
    this.update();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private update(): void {
    const stats = this.readStats();
    const at = this.now();
    const previous = this.last?.stats;
    const venue = { venue: stats.venue };
    const delta = (now: number, before: number | undefined): number => Math.max(0, now - (before ?? 0));
    this.ticks.inc(venue, delta(stats.ticks, previous?.ticks));
    this.decisions.inc(venue, delta(stats.decisions, previous?.decisions));
    this.orders.inc(venue, delta(stats.orders, previous?.orders));
    this.reconnects.inc(venue, delta(stats.reconnects, previous?.reconnects));
    const errors = { ...stats.errors };
    for (const [component, count] of this.runnerErrors) errors[component] = (errors[component] ?? 0) + count;
    for (const [component, count] of Object.entries(errors)) {
      this.errors.inc({ component }, delta(count, this.lastErrors.get(component)));
      this.lastErrors.set(component, count);
    }
    const seconds = this.last ? (at - this.last.at) / 1000 : 0;
    this.tickRate.set(venue, seconds > 0 ? delta(stats.ticks, previous?.ticks) / seconds : 0);
    if (stats.feedLagMs !== null) this.feedLag.set(venue, stats.feedLagMs / 1000);
    this.openPositions.set(venue, stats.openPositions);
    this.ownedSymbols.set(venue, stats.symbols.length);
    this.last = { stats, at };
  }
}
