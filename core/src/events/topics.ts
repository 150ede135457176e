import type { EventType } from './events.ts';

/**
 * The one list of Pub/Sub topics. Domain events cross process boundaries on these; ticks, candles and
 * analytics never do (the hot path stays in memory). `infra/` declares exactly these topics, each with a
 * dead-letter topic named `<topic>-dlq`; a test parses the Terraform and compares.
 */
export const TOPICS = [
  'engine-signals',
  'engine-orders',
  'engine-fills',
  'engine-positions',
  'engine-alerts',
  'engine-system',
] as const;

export type TopicName = (typeof TOPICS)[number];

export const DEAD_LETTER_SUFFIX = '-dlq';

export function deadLetterTopic(topic: TopicName): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

/** Where each event type is published; `null` = in-process only. Exhaustive so a new type must choose. */
export const EVENT_TOPICS: Readonly<Record<EventType, TopicName | null>> = {
  TradeTickReceived: null,
  CandleCompleted: null,
  AnalyticsUpdated: null,
  OrderFlowImbalanceDetected: null,
  LargeTradeDetected: null,
  ExhaustionDetected: null,
  ZoneChanged: null,
  FairValueGapChanged: null,
  MarketDataRejected: null,
  DecisionEvaluated: null,
  PoolLiquidityObserved: null,
  TradingSignalGenerated: 'engine-signals',
  SignalRejected: 'engine-signals',
  OrderPlaced: 'engine-orders',
  OrderRejected: 'engine-orders',
  OrderFilled: 'engine-fills',
  PositionOpened: 'engine-positions',
  ExitTriggered: 'engine-positions',
  PositionClosed: 'engine-positions',
  DumpDetected: 'engine-alerts',
  CorrelatedDumpDetected: 'engine-alerts',
  PortfolioHealthDegraded: 'engine-alerts',
  ForceExitRequired: 'engine-alerts',
  CircuitBreakerTriggered: 'engine-alerts',
  MaxHoldTimeExceeded: 'engine-alerts',
  RiskAlertRaised: 'engine-alerts',
  MarketDataConnectionLost: 'engine-alerts',
  MarketDataConnectionRecovered: 'engine-alerts',
  MarketDataGapDetected: 'engine-alerts',
  ReconciliationDiscrepancyFound: 'engine-alerts',
  ReconciliationCompleted: 'engine-system',
  VenueCircuitChanged: 'engine-alerts',
  SystemErrorRaised: 'engine-alerts',
  EngineLifecycleChanged: 'engine-system',
  ShardLeaseChanged: 'engine-system',
};

export function topicForEvent(type: EventType): TopicName | null {
  return EVENT_TOPICS[type];
}

/** Subscriptions the deployment owns: name → topic. Functions triggers create their own on deploy. */
export const SUBSCRIPTIONS = {
  'notifications-alerts': 'engine-alerts',
  'notifications-fills': 'engine-fills',
  'notifications-positions': 'engine-positions',
  'audit-system': 'engine-system',
} as const satisfies Record<string, TopicName>;
