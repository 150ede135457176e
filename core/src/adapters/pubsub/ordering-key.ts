import type { EngineEvent } from '../../events/events.ts';
import { topicForEvent } from '../../events/topics.ts';

/**
 * The instrument an event is about, or null for venue-, portfolio- and engine-wide events. A switch over
 * the closed union (no default) so a new event type fails to compile until it chooses.
 */
export function instrumentIdOf(event: EngineEvent): string | null {
  switch (event.type) {
    case 'TradeTickReceived':
    case 'CandleCompleted':
    case 'AnalyticsUpdated':
    case 'OrderFlowImbalanceDetected':
    case 'LargeTradeDetected':
    case 'ExhaustionDetected':
    case 'ZoneChanged':
    case 'FairValueGapChanged':
    case 'MarketDataRejected':
    case 'MarketDataGapDetected':
    case 'ReconciliationDiscrepancyFound':
    case 'ShardLeaseChanged':
    case 'DecisionEvaluated':
    case 'TradingSignalGenerated':
    case 'OrderPlaced':
    case 'OrderFilled':
    case 'OrderRejected':
    case 'PositionOpened':
    case 'ExitTriggered':
    case 'DumpDetected':
    case 'ForceExitRequired':
    case 'MaxHoldTimeExceeded':
    case 'PoolLiquidityObserved':
      return event.payload.instrumentId;
    case 'SignalRejected':
      return event.payload.signal.instrumentId;
    case 'PositionClosed':
      return event.payload.position.instrumentId;
    // Several instruments (a leader and the positions it drags) or none: ordered per topic instead.
    case 'CorrelatedDumpDetected':
    case 'MarketDataConnectionLost':
    case 'MarketDataConnectionRecovered':
    case 'ReconciliationCompleted':
    case 'VenueCircuitChanged':
    case 'EngineLifecycleChanged':
    case 'PortfolioHealthDegraded':
    case 'CircuitBreakerTriggered':
    case 'RiskAlertRaised':
    case 'SystemErrorRaised':
      return null;
  }
}

/**
 * Pub/Sub orders messages per ordering key: the instrument when there is one (so an instrument's
 * signal → order → fill → position chain stays in order), else the topic (engine-wide events in order),
 * else the type for in-process-only events, which never reach Pub/Sub anyway.
 */
export function orderingKeyOf(event: EngineEvent): string {
  return instrumentIdOf(event) ?? topicForEvent(event.type) ?? event.type;
}
