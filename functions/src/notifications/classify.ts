import type { EngineEvent } from '@engine/core/events/events';
import type { Notification, NotificationKind, Priority } from './notification.ts';

interface Classified {
  readonly kind: NotificationKind;
  readonly priority: Priority;
  readonly title: string;
  readonly lines: readonly string[];
  readonly instrumentId?: string;
}

const pct = (value: number): string => `${value.toFixed(2)}%`;

/**
 * Which engine events reach a human, how urgently, and under which design 5.4 type. Events not listed
 * here (ticks, analytics, lifecycle, a backfilled gap, a half-open circuit) return null: they are
 * either noise for a person or already covered by another event of the same chain.
 */
export function classifyEvent(event: EngineEvent): Notification | null {
  const classified = classify(event);
  if (classified === null) return null;
  return {
    eventId: event.id,
    eventType: event.type,
    kind: classified.kind,
    priority: classified.priority,
    title: classified.title,
    lines: classified.lines,
    occurredAt: event.eventTime,
    instrumentId: classified.instrumentId ?? null,
    items: [],
  };
}

function classify(event: EngineEvent): Classified | null {
  switch (event.type) {
    case 'OrderFilled':
    case 'PositionClosed':
      return classifyTrade(event);
    case 'MarketDataConnectionLost':
    case 'MarketDataConnectionRecovered':
    case 'MarketDataGapDetected':
    case 'VenueCircuitChanged':
    case 'SystemErrorRaised':
    case 'OrderRejected':
      return classifySystem(event);
    case 'CircuitBreakerTriggered':
    case 'ReconciliationDiscrepancyFound':
    case 'RiskAlertRaised':
    case 'ForceExitRequired':
      return classifyCriticalRisk(event);
    case 'DumpDetected':
    case 'CorrelatedDumpDetected':
    case 'PortfolioHealthDegraded':
    case 'MaxHoldTimeExceeded':
      return classifyRiskWarning(event);
    default:
      return null;
  }
}

type EventOfType<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

function classifyTrade(event: EventOfType<'OrderFilled' | 'PositionClosed'>): Classified {
  if (event.type === 'OrderFilled') {
    const fill = event.payload;
    return {
      kind: 'trade_executed',
      priority: 'info',
      title: `Trade executed: ${fill.side} ${fill.quantity} ${fill.instrumentId} @ ${fill.price}`,
      lines: [
        `order: ${fill.clientOrderId}`,
        `price: ${fill.price}`,
        `quantity: ${fill.quantity}`,
        `fee: ${fill.fee}`,
        `liquidity: ${fill.liquidity}`,
        `order complete: ${fill.orderComplete ? 'yes' : 'no'}`,
      ],
      instrumentId: fill.instrumentId,
    };
  }
  const closed = event.payload;
  return {
    kind: 'trade_executed',
    priority: 'info',
    title: `Position closed: ${closed.position.instrumentId} PnL ${closed.pnl.toFixed(2)} (${pct(closed.pnlPercent)})`,
    lines: [
      `position: ${closed.position.positionId}`,
      `direction: ${closed.position.direction}`,
      `entry: ${closed.position.entryPrice}`,
      `exit: ${closed.exitPrice}`,
      `quantity: ${closed.position.quantity}`,
      `pnl: ${closed.pnl.toFixed(2)} (${pct(closed.pnlPercent)})`,
      `fees: ${closed.fees}`,
      `reason: ${closed.reason}`,
    ],
    instrumentId: closed.position.instrumentId,
  };
}

function classifySystem(
  event: EventOfType<
    | 'MarketDataConnectionLost'
    | 'MarketDataConnectionRecovered'
    | 'MarketDataGapDetected'
    | 'VenueCircuitChanged'
    | 'SystemErrorRaised'
    | 'OrderRejected'
  >,
): Classified | null {
  const system = (priority: Priority, title: string, lines: string[], instrumentId?: string): Classified => ({
    kind: 'system_error',
    priority,
    title,
    lines,
    ...(instrumentId === undefined ? {} : { instrumentId }),
  });
  switch (event.type) {
    case 'MarketDataConnectionLost': {
      const p = event.payload;
      return system('critical', `Market data connection lost: ${p.venue} ${p.marketType}`, [
        `connection: ${p.connectionId}`,
        `reason: ${p.reason}`,
        `streams: ${p.streams}`,
      ]);
    }
    case 'MarketDataConnectionRecovered': {
      const p = event.payload;
      return system('info', `Market data connection recovered: ${p.venue} ${p.marketType}`, [
        `connection: ${p.connectionId}`,
        `downtime: ${Math.round(p.downtimeMs / 1000)} s`,
        `attempts: ${p.attempts}`,
      ]);
    }
    case 'MarketDataGapDetected': {
      const p = event.payload;
      if (p.status === 'backfilled') return null;
      const lines = [`missing trades: ${p.missing}`, `backfilled: ${p.backfilled}`, `status: ${p.status}`];
      return system('warning', `Market data gap (${p.status}): ${p.instrumentId}`, lines, p.instrumentId);
    }
    case 'VenueCircuitChanged': {
      const p = event.payload;
      if (p.state === 'half_open') return null;
      const lines = [`consecutive failures: ${p.consecutiveFailures}`, `reason: ${p.reason}`];
      return p.state === 'open'
        ? system('critical', `Venue circuit open: ${p.venue}`, lines)
        : system('info', `Venue circuit closed: ${p.venue}`, lines);
    }
    case 'SystemErrorRaised': {
      const p = event.payload;
      const lines = [`component: ${p.component}`, `error: ${p.error}`];
      return system(p.critical ? 'critical' : 'warning', `System error in ${p.component}`, lines);
    }
    case 'OrderRejected': {
      const p = event.payload;
      const lines = [`order: ${p.clientOrderId}`, `reason: ${p.reasonCode}`, `message: ${p.message}`];
      return system('critical', `Order rejected: ${p.instrumentId}`, lines, p.instrumentId);
    }
  }
}

function classifyCriticalRisk(
  event: EventOfType<
    'CircuitBreakerTriggered' | 'ReconciliationDiscrepancyFound' | 'RiskAlertRaised' | 'ForceExitRequired'
  >,
): Classified {
  switch (event.type) {
    case 'CircuitBreakerTriggered': {
      const p = event.payload;
      return {
        kind: 'risk_breach',
        priority: 'critical',
        title: `Drawdown circuit breaker level ${p.level}: ${pct(p.drawdownPercent)}`,
        lines: [
          `action: ${p.action}`,
          `blocked until: ${p.blockedUntil === null ? 'manual reset' : new Date(p.blockedUntil).toISOString()}`,
        ],
      };
    }
    case 'ReconciliationDiscrepancyFound': {
      const p = event.payload;
      return {
        kind: 'risk_breach',
        priority: 'critical',
        title: `Reconciliation discrepancy (${p.kind}): ${p.instrumentId} on ${p.venue}`,
        lines: [
          `local quantity: ${p.localQuantity}`,
          `venue quantity: ${p.venueQuantity}`,
          `action: ${p.action}`,
          `detail: ${p.detail}`,
        ],
        instrumentId: p.instrumentId,
      };
    }
    case 'RiskAlertRaised': {
      const p = event.payload;
      return {
        kind: 'risk_breach',
        priority: p.severity,
        title: `Risk alert ${p.code}`,
        lines: [p.message],
      };
    }
    case 'ForceExitRequired': {
      const p = event.payload;
      return {
        kind: 'risk_breach',
        priority: 'critical',
        title: `Forced exit: ${p.instrumentId} (${p.reason})`,
        lines: [`position: ${p.positionId}`, `detail: ${p.detail}`],
        instrumentId: p.instrumentId,
      };
    }
  }
}

function classifyRiskWarning(
  event: EventOfType<
    'DumpDetected' | 'CorrelatedDumpDetected' | 'PortfolioHealthDegraded' | 'MaxHoldTimeExceeded'
  >,
): Classified {
  switch (event.type) {
    case 'DumpDetected': {
      const p = event.payload;
      return {
        kind: 'risk_breach',
        priority: 'warning',
        title: `Dump detected (${p.trigger}): ${p.instrumentId}`,
        lines: [`position: ${p.positionId}`, `price: ${p.price}`, `detail: ${p.detail}`],
        instrumentId: p.instrumentId,
      };
    }
    case 'CorrelatedDumpDetected': {
      const p = event.payload;
      const exits = p.affected.filter((entry) => entry.action === 'exit').length;
      return {
        kind: 'risk_breach',
        // Closing positions on a leader's move is an action a person should see at once.
        priority: exits > 0 ? 'critical' : 'warning',
        title: `Correlated dump: ${p.leader} moved ${pct(p.leaderMove * 100)}`,
        lines: p.affected.map(
          (entry) => `${entry.positionId}: ${entry.action} (ρ ${entry.correlation.toFixed(2)})`,
        ),
      };
    }
    case 'PortfolioHealthDegraded': {
      const p = event.payload;
      return {
        kind: 'risk_breach',
        priority: 'warning',
        title: `Portfolio health ${p.score.toFixed(0)}: ${p.action}`,
        lines: Object.entries(p.factors).map(([factor, value]) => `${factor}: ${value.toFixed(2)}`),
      };
    }
    case 'MaxHoldTimeExceeded': {
      const p = event.payload;
      return {
        kind: 'risk_breach',
        priority: 'warning',
        title: `Max hold time exceeded: ${p.instrumentId} (${p.strategy})`,
        lines: [
          `position: ${p.positionId}`,
          `held: ${Math.round(p.heldMs / 60_000)} min of ${Math.round(p.maxHoldMs / 60_000)}`,
        ],
        instrumentId: p.instrumentId,
      };
    }
  }
}
