import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { EventFactory } from '../../../events/event-factory.ts';
import type { EngineEvent } from '../../../events/events.ts';
import type { Clock } from '../../../ports/clock.ts';
import type { IdGenerator } from '../../../ports/ids.ts';
import { classifyFailure, type VenueFailure } from './binance-errors.ts';

/** A classified venue failure as thrown through the circuit. */
export class VenueCallError extends Error {
  constructor(readonly failure: VenueFailure) {
    super(`${failure.reasonCode}: ${failure.message}`);
    this.name = 'VenueCallError';
  }
}

export interface VenueCircuitOptions {
  readonly venue: string;
  /** Consecutive venue-health failures that open the circuit. */
  readonly threshold: number;
  readonly halfOpenAfterMs: number;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly publish: (event: EngineEvent) => void;
}

/**
 * cockatiel's consecutive breaker around every venue call. Only failures that speak about the venue's
 * health count (network, timeouts, 5xx, rate limits, credentials); an order the venue refuses on its merits
 * (insufficient balance, filter failure) is a healthy answer. Each transition is published as
 * VenueCircuitChanged; opening also raises a critical RiskAlertRaised.
 */
export class VenueCircuit {
  private readonly policy: CircuitBreakerPolicy;
  private readonly events: EventFactory;
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private lastReason = '';

  constructor(private readonly options: VenueCircuitOptions) {
    this.events = new EventFactory(options.clock, options.ids);
    this.policy = circuitBreaker(
      handleWhen((error) => error instanceof VenueCallError && error.failure.venueHealth),
      { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.threshold) },
    );
    this.policy.onBreak(() => this.opened());
    this.policy.onHalfOpen(() => this.changed('half_open', 'probing the venue'));
    this.policy.onReset(() => {
      this.openedAt = undefined;
      this.changed('closed', 'venue answered');
    });
  }

  /** False while open and the probe delay has not passed: new orders are refused synchronously. */
  allowsNewOrders(): boolean {
    if (this.policy.state !== CircuitState.Open && this.policy.state !== CircuitState.Isolated) return true;
    const openedAt = this.openedAt ?? this.options.clock.now();
    return (
      this.policy.state === CircuitState.Open &&
      this.options.clock.now() - openedAt >= this.options.halfOpenAfterMs
    );
  }

  get state(): 'open' | 'half_open' | 'closed' {
    const state = this.policy.state;
    if (state === CircuitState.HalfOpen) return 'half_open';
    return state === CircuitState.Closed ? 'closed' : 'open';
  }

  /** Runs `call`; a failure is rethrown as VenueCallError, an open circuit as BrokenCircuitError. */
  async execute<T>(call: () => Promise<T>, retryAfterHeader: () => string | undefined): Promise<T> {
    const result = await this.policy.execute(async () => {
      try {
        return await call();
      } catch (error) {
        const failure = classifyFailure(error, retryAfterHeader());
        // Mirrors cockatiel's count: refusals on the order's merits neither count nor reset it.
        if (failure.venueHealth) {
          this.consecutiveFailures += 1;
          this.lastReason = failure.reasonCode;
        }
        throw new VenueCallError(failure);
      }
    });
    this.consecutiveFailures = 0;
    return result;
  }

  private opened(): void {
    this.openedAt = this.options.clock.now();
    const reason = `${this.consecutiveFailures} consecutive failures, last ${this.lastReason}`;
    this.changed('open', reason);
    const now = this.options.clock.now();
    this.options.publish(
      this.events.create('RiskAlertRaised', now, {
        severity: 'critical',
        code: 'venue_circuit_open',
        message: `${this.options.venue}: circuit open (${reason}); new orders are refused`,
      }),
    );
  }

  private changed(state: 'open' | 'half_open' | 'closed', reason: string): void {
    const now = this.options.clock.now();
    this.options.publish(
      this.events.create('VenueCircuitChanged', now, {
        venue: this.options.venue,
        state,
        consecutiveFailures: this.consecutiveFailures,
        reason,
      }),
    );
  }
}

export function isCircuitOpenError(error: unknown): boolean {
  return error instanceof BrokenCircuitError;
}
