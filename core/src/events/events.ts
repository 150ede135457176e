import type { Candle, Timeframe } from '../domain/candle.ts';
import type { Direction, ExitReason, Fill, Order, Position, Signal } from '../domain/trading.ts';
import type { Side, TradeTick } from '../domain/ticks.ts';
import type { AnalyticsSnapshot } from './analytics-snapshot.ts';
import type { DecisionRecord } from './decision-record.ts';

/**
 * Fields every event carries. `eventTime` is the venue's time of the fact (ms), `localTime` the engine's
 * clock when it observed it. `correlationId` ties a chain together (e.g. a tick → signal → order → fill);
 * `causationId` is the id of the event that directly caused this one.
 */
export interface EventEnvelope<T extends string, P> {
  readonly type: T;
  readonly version: number;
  readonly id: string;
  readonly eventTime: number;
  readonly localTime: number;
  readonly correlationId: string;
  readonly causationId: string | undefined;
  readonly payload: P;
}

export type TradeTickReceived = EventEnvelope<'TradeTickReceived', TradeTick>;
export type CandleCompleted = EventEnvelope<'CandleCompleted', Candle>;
export type AnalyticsUpdated = EventEnvelope<'AnalyticsUpdated', AnalyticsSnapshot>;
export type OrderFlowImbalanceDetected = EventEnvelope<
  'OrderFlowImbalanceDetected',
  { instrumentId: string; ratio: number; direction: 'bullish' | 'bearish'; trades: number; windowMs: number }
>;
export type LargeTradeDetected = EventEnvelope<
  'LargeTradeDetected',
  { instrumentId: string; price: number; qty: number; side: Side; averageQty: number; multiple: number }
>;
export type ExhaustionDetected = EventEnvelope<
  'ExhaustionDetected',
  { instrumentId: string; recentVolume: number; averageVolume: number; ratio: number }
>;
export type ZoneChanged = EventEnvelope<
  'ZoneChanged',
  {
    instrumentId: string;
    zoneId: string;
    zoneType: 'demand' | 'supply';
    change: 'created' | 'touched' | 'broken';
    priceLow: number;
    priceHigh: number;
    strength: number;
  }
>;
export type FairValueGapChanged = EventEnvelope<
  'FairValueGapChanged',
  {
    instrumentId: string;
    fvgId: string;
    gapType: 'bullish' | 'bearish';
    timeframe: Timeframe;
    change: 'created' | 'filled' | 'expired';
    gapLow: number;
    gapHigh: number;
  }
>;
export type MarketDataRejected = EventEnvelope<
  'MarketDataRejected',
  { instrumentId: string; reason: string; source: string; line: number; detail: string }
>;
export type MarketDataConnectionLost = EventEnvelope<
  'MarketDataConnectionLost',
  { venue: string; marketType: string; connectionId: string; reason: string; streams: number }
>;
export type MarketDataConnectionRecovered = EventEnvelope<
  'MarketDataConnectionRecovered',
  { venue: string; marketType: string; connectionId: string; downtimeMs: number; attempts: number }
>;
/** A hole in a symbol's trade-id sequence, and what backfill recovered of it. */
export type MarketDataGapDetected = EventEnvelope<
  'MarketDataGapDetected',
  {
    instrumentId: string;
    lastTradeId: number;
    nextTradeId: number;
    missing: number;
    backfilled: number;
    status: 'backfilled' | 'partial' | 'failed';
  }
>;
export type ReconciliationDiscrepancyKind =
  'missing_on_venue' | 'missing_locally' | 'quantity_mismatch' | 'unknown_open_order';
export type ReconciliationDiscrepancyFound = EventEnvelope<
  'ReconciliationDiscrepancyFound',
  {
    venue: string;
    kind: ReconciliationDiscrepancyKind;
    instrumentId: string;
    localQuantity: number;
    venueQuantity: number;
    orderId: string | null;
    action: string;
    detail: string;
  }
>;
export type ReconciliationCompleted = EventEnvelope<
  'ReconciliationCompleted',
  {
    venue: string;
    trigger: 'startup' | 'schedule';
    positionsChecked: number;
    ordersChecked: number;
    discrepancies: number;
    /** `failed` means the venue could not be read: nothing was changed and trading must not start. */
    status: 'clean' | 'resolved' | 'failed';
    error: string | null;
  }
>;
export type VenueCircuitChanged = EventEnvelope<
  'VenueCircuitChanged',
  { venue: string; state: 'open' | 'half_open' | 'closed'; consecutiveFailures: number; reason: string }
>;
export type EngineLifecycleChanged = EventEnvelope<
  'EngineLifecycleChanged',
  {
    instanceId: string;
    state: 'starting' | 'warming_up' | 'reconciling' | 'ready' | 'draining' | 'stopped';
    detail: string;
  }
>;
export type ShardLeaseChanged = EventEnvelope<
  'ShardLeaseChanged',
  {
    instanceId: string;
    instrumentId: string;
    change: 'claimed' | 'renewed' | 'released' | 'lost' | 'taken_over';
    previousOwner: string | null;
    expiresAt: number;
  }
>;
export type DecisionEvaluated = EventEnvelope<'DecisionEvaluated', DecisionRecord>;
export type TradingSignalGenerated = EventEnvelope<'TradingSignalGenerated', Signal>;
export type SignalRejected = EventEnvelope<
  'SignalRejected',
  { signal: Signal; handler: string; reasonCode: string; message: string }
>;
export type OrderPlaced = EventEnvelope<'OrderPlaced', Order>;
export type OrderFilled = EventEnvelope<'OrderFilled', Fill>;
export type OrderRejected = EventEnvelope<
  'OrderRejected',
  { instrumentId: string; clientOrderId: string; reasonCode: string; message: string }
>;
export type PositionOpened = EventEnvelope<'PositionOpened', Position>;
export type ExitTriggered = EventEnvelope<
  'ExitTriggered',
  {
    positionId: string;
    instrumentId: string;
    direction: Direction;
    reason: ExitReason;
    /** Price that fired the rule (the stop level for stops, the last sample for adverse moves). */
    triggerPrice: number;
    detail: string;
  }
>;
export type PositionClosed = EventEnvelope<
  'PositionClosed',
  {
    position: Position;
    exitPrice: number;
    exitTime: number;
    /** Net of entry and exit fees, in quote currency. */
    pnl: number;
    fees: number;
    pnlPercent: number;
    reason: ExitReason;
  }
>;
export type DumpDetected = EventEnvelope<
  'DumpDetected',
  { positionId: string; instrumentId: string; trigger: string; detail: string; price: number }
>;
export type CorrelatedDumpDetected = EventEnvelope<
  'CorrelatedDumpDetected',
  {
    leader: string;
    leaderMove: number;
    windowMs: number;
    affected: { positionId: string; correlation: number; action: 'exit' | 'tighten' | 'keep' }[];
  }
>;
export type PortfolioHealthDegraded = EventEnvelope<
  'PortfolioHealthDegraded',
  {
    score: number;
    factors: Record<string, number>;
    action: 'block_entries' | 'tighten_stops' | 'close_worst' | 'none';
  }
>;
export type ForceExitRequired = EventEnvelope<
  'ForceExitRequired',
  { positionId: string; instrumentId: string; reason: ExitReason; detail: string }
>;
export type CircuitBreakerTriggered = EventEnvelope<
  'CircuitBreakerTriggered',
  { level: number; drawdownPercent: number; action: string; blockedUntil: number | null }
>;
export type MaxHoldTimeExceeded = EventEnvelope<
  'MaxHoldTimeExceeded',
  { positionId: string; instrumentId: string; strategy: string; heldMs: number; maxHoldMs: number }
>;
export type RiskAlertRaised = EventEnvelope<
  'RiskAlertRaised',
  { severity: 'info' | 'warning' | 'critical'; code: string; message: string }
>;
/** DEX pool liquidity reading (the DEX data arrives in a later issue; tests publish it synthetically). */
export type PoolLiquidityObserved = EventEnvelope<
  'PoolLiquidityObserved',
  { instrumentId: string; pool: string; liquidityUsd: number }
>;
export type SystemErrorRaised = EventEnvelope<
  'SystemErrorRaised',
  { component: string; error: string; critical: boolean; failedEventId: string | undefined }
>;

/** The closed set of everything that can happen in the engine. */
export type EngineEvent =
  | TradeTickReceived
  | CandleCompleted
  | AnalyticsUpdated
  | OrderFlowImbalanceDetected
  | LargeTradeDetected
  | ExhaustionDetected
  | ZoneChanged
  | FairValueGapChanged
  | MarketDataRejected
  | MarketDataConnectionLost
  | MarketDataConnectionRecovered
  | MarketDataGapDetected
  | ReconciliationDiscrepancyFound
  | ReconciliationCompleted
  | VenueCircuitChanged
  | EngineLifecycleChanged
  | ShardLeaseChanged
  | DecisionEvaluated
  | TradingSignalGenerated
  | SignalRejected
  | OrderPlaced
  | OrderFilled
  | OrderRejected
  | PositionOpened
  | ExitTriggered
  | PositionClosed
  | DumpDetected
  | CorrelatedDumpDetected
  | PortfolioHealthDegraded
  | ForceExitRequired
  | CircuitBreakerTriggered
  | MaxHoldTimeExceeded
  | RiskAlertRaised
  | PoolLiquidityObserved
  | SystemErrorRaised;

export type EventType = EngineEvent['type'];
export type EventOf<T extends EventType> = Extract<EngineEvent, { type: T }>;
export type PayloadOf<T extends EventType> = EventOf<T>['payload'];

/** Schema version per event type; bump when a payload changes shape. */
export const EVENT_VERSIONS: Readonly<Record<EventType, number>> = {
  TradeTickReceived: 1,
  CandleCompleted: 1,
  AnalyticsUpdated: 1,
  OrderFlowImbalanceDetected: 1,
  LargeTradeDetected: 1,
  ExhaustionDetected: 1,
  ZoneChanged: 1,
  FairValueGapChanged: 1,
  MarketDataRejected: 1,
  MarketDataConnectionLost: 1,
  MarketDataConnectionRecovered: 1,
  MarketDataGapDetected: 1,
  ReconciliationDiscrepancyFound: 1,
  ReconciliationCompleted: 1,
  VenueCircuitChanged: 1,
  EngineLifecycleChanged: 1,
  ShardLeaseChanged: 1,
  DecisionEvaluated: 1,
  TradingSignalGenerated: 1,
  SignalRejected: 1,
  OrderPlaced: 1,
  OrderFilled: 1,
  OrderRejected: 1,
  PositionOpened: 1,
  ExitTriggered: 1,
  DumpDetected: 1,
  CorrelatedDumpDetected: 1,
  PortfolioHealthDegraded: 1,
  ForceExitRequired: 1,
  CircuitBreakerTriggered: 1,
  MaxHoldTimeExceeded: 1,
  RiskAlertRaised: 1,
  PoolLiquidityObserved: 1,
  PositionClosed: 1,
  SystemErrorRaised: 1,
};
