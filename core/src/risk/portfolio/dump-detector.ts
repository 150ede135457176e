import type { Candle } from '../../domain/candle.ts';
import type { TradeTick } from '../../domain/ticks.ts';
import type { AnalyticsSnapshot, ZoneView } from '../../events/analytics-snapshot.ts';
import type { DumpConfig } from '../../config/risk/dump-config.ts';
import type { PortfolioPosition, RiskAction } from './types.ts';
import {
  CandleWindow,
  candleTriggers,
  windowCapacity,
  type CandleTrigger,
  type TriggerHit,
} from './dump-triggers.ts';
import { LiquidityWatch, type LiquidityReading } from './dump-liquidity.ts';

export type { LiquidityReading } from './dump-liquidity.ts';

export type DumpTrigger = CandleTrigger | 'order_flow_flip' | 'liquidity_evaporation';

export type CloseAction = Extract<RiskAction, { kind: 'close' }>;

/** A dump on one position: close all of it. Carries what the DumpDetected event needs. */
export interface DumpFinding {
  readonly action: CloseAction;
  readonly positionId: string;
  readonly instrumentId: string;
  /** The first trigger that fired; `triggers` lists every one that fired on the same input. */
  readonly trigger: DumpTrigger;
  readonly triggers: readonly DumpTrigger[];
  readonly detail: string;
  /** Price at detection: the candle close, the snapshot's last price, or the last known trade price. */
  readonly price: number;
  readonly ts: number;
}

interface Tracked {
  readonly position: PortfolioPosition;
  /** Order flow reached the favourable threshold since (or at) entry. */
  flipArmed: boolean;
  /** Most favourable 30 s imbalance seen since entry (for the detail). */
  peakImbalance: number | null;
  /** A finding was returned: the position is exiting and yields no more. */
  exiting: boolean;
}

interface InstrumentState {
  readonly candles: CandleWindow;
  supply: ZoneView | null;
  demand: ZoneView | null;
  imbalance: number | null;
  imbalanceTs: number;
  lastPrice: number | undefined;
}

const NONE: readonly DumpFinding[] = [];

/**
 * Design 2.2.5 component 1: per open position, any trigger closes the whole position (reason
 * `dump_detected`). Candle triggers run on each closed 1m candle, the order-flow flip on each analytics
 * snapshot, liquidity evaporation on each pool reading. Every trigger is defined on those inputs, so the
 * per-tick path (`onTrade`) only records the last price, O(1). State per instrument is kept for every
 * instrument seen, so a freshly opened position already has its volume average and swing low.
 */
export class DumpDetector {
  private readonly instruments = new Map<string, InstrumentState>();
  private readonly byInstrument = new Map<string, Map<string, Tracked>>();
  private readonly instrumentOf = new Map<string, string>();
  private readonly liquidity: LiquidityWatch;
  private readonly capacity: number;

  constructor(private readonly config: DumpConfig) {
    this.liquidity = new LiquidityWatch(config.liquidityDrop);
    this.capacity = windowCapacity(config);
  }

  get trackedCount(): number {
    return this.instrumentOf.size;
  }

  track(position: PortfolioPosition): void {
    if (this.instrumentOf.has(position.positionId)) return;
    const tracked: Tracked = { position, flipArmed: false, peakImbalance: null, exiting: false };
    // "At entry": the snapshot the entry was decided on usually precedes PositionOpened by moments.
    const state = this.instruments.get(position.instrumentId);
    const lookback = this.config.orderFlowFlip.entryLookbackMs;
    if (state && state.imbalance !== null && state.imbalanceTs >= position.entryTime - lookback) {
      this.armFlip(tracked, state.imbalance);
    }
    let positions = this.byInstrument.get(position.instrumentId);
    if (positions === undefined) {
      positions = new Map();
      this.byInstrument.set(position.instrumentId, positions);
    }
    positions.set(position.positionId, tracked);
    this.instrumentOf.set(position.positionId, position.instrumentId);
  }

  untrack(positionId: string): void {
    const instrumentId = this.instrumentOf.get(positionId);
    if (instrumentId === undefined) return;
    this.instrumentOf.delete(positionId);
    const positions = this.byInstrument.get(instrumentId);
    positions?.delete(positionId);
    if (positions?.size === 0) this.byInstrument.delete(instrumentId);
  }

  onTrade(tick: TradeTick): void {
    this.state(tick.instrumentId).lastPrice = tick.price;
  }

  /** Closed 1m candles (other timeframes are ignored). */
  onCandle(candle: Candle): readonly DumpFinding[] {
    if (!this.config.enabled || candle.timeframe !== '1m') return NONE;
    const state = this.state(candle.instrumentId);
    state.candles.push(candle);
    state.lastPrice = candle.close;
    const findings: DumpFinding[] = [];
    for (const tracked of this.active(candle.instrumentId)) {
      const { direction, entryTime } = tracked.position;
      const zone = direction === 'long' ? state.supply : state.demand;
      const hits = candleTriggers(state.candles, direction, entryTime, zone, this.config);
      if (hits.length > 0) findings.push(this.finding(tracked, hits, candle.close, candle.closeTime));
    }
    return findings;
  }

  onSnapshot(snapshot: AnalyticsSnapshot): readonly DumpFinding[] {
    if (!this.config.enabled) return NONE;
    const state = this.state(snapshot.instrumentId);
    state.supply = snapshot.nearestSupply;
    state.demand = snapshot.nearestDemand;
    state.lastPrice = snapshot.lastPrice;
    const imbalance = snapshot.orderFlow.imbalance30s;
    state.imbalance = imbalance;
    state.imbalanceTs = snapshot.ts;
    if (imbalance === null) return NONE;
    const findings: DumpFinding[] = [];
    for (const tracked of this.active(snapshot.instrumentId)) {
      if (snapshot.ts < tracked.position.entryTime) continue;
      const detail = this.flipDetail(tracked, imbalance);
      if (detail !== undefined) {
        const hit: TriggerHit<DumpTrigger> = { trigger: 'order_flow_flip', detail };
        findings.push(this.finding(tracked, [hit], snapshot.lastPrice, snapshot.ts));
      } else this.armFlip(tracked, imbalance);
    }
    return findings;
  }

  onLiquidity(reading: LiquidityReading): readonly DumpFinding[] {
    if (!this.config.enabled) return NONE;
    const drop = this.liquidity.observe(reading);
    if (drop === undefined) return NONE;
    const lastPrice = this.instruments.get(reading.instrumentId)?.lastPrice;
    const hit: TriggerHit<DumpTrigger> = { trigger: 'liquidity_evaporation', detail: drop.detail };
    return this.active(reading.instrumentId).map((tracked) =>
      this.finding(tracked, [hit], lastPrice ?? tracked.position.lastPrice, reading.ts),
    );
  }

  /** Long: armed at imbalance >= T, fires at <= 1/T. Short: armed at <= 1/T, fires at >= T. */
  private flipDetail(tracked: Tracked, imbalance: number): string | undefined {
    if (!tracked.flipArmed) return undefined;
    const threshold = this.config.orderFlowFlip.imbalanceThreshold;
    const long = tracked.position.direction === 'long';
    const flipped = long ? imbalance <= 1 / threshold : imbalance >= threshold;
    if (!flipped) return undefined;
    return `30s imbalance ${ratio(imbalance)} after ${ratio(tracked.peakImbalance ?? threshold)} since entry`;
  }

  private armFlip(tracked: Tracked, imbalance: number): void {
    const threshold = this.config.orderFlowFlip.imbalanceThreshold;
    const long = tracked.position.direction === 'long';
    if (long ? imbalance < threshold : imbalance > 1 / threshold) return;
    tracked.flipArmed = true;
    const peak = tracked.peakImbalance;
    if (peak === null || (long ? imbalance > peak : imbalance < peak)) tracked.peakImbalance = imbalance;
  }

  private finding(
    tracked: Tracked,
    hits: readonly TriggerHit<DumpTrigger>[],
    price: number,
    ts: number,
  ): DumpFinding {
    tracked.exiting = true;
    const first = hits[0];
    if (first === undefined) throw new Error('a dump finding needs at least one trigger');
    const { positionId, instrumentId } = tracked.position;
    const detail = hits.map((h) => `${h.trigger}: ${h.detail}`).join('; ');
    const action: CloseAction = { kind: 'close', positionId, reason: 'dump_detected', detail };
    return {
      action,
      positionId,
      instrumentId,
      trigger: first.trigger,
      triggers: hits.map((h) => h.trigger),
      detail,
      price,
      ts,
    };
  }

  private active(instrumentId: string): Tracked[] {
    const positions = this.byInstrument.get(instrumentId);
    if (positions === undefined) return [];
    const out: Tracked[] = [];
    for (const tracked of positions.values()) if (!tracked.exiting) out.push(tracked);
    return out;
  }

  private state(instrumentId: string): InstrumentState {
    let state = this.instruments.get(instrumentId);
    if (state === undefined) {
      state = {
        candles: new CandleWindow(this.capacity),
        supply: null,
        demand: null,
        imbalance: null,
        imbalanceTs: -Infinity,
        lastPrice: undefined,
      };
      this.instruments.set(instrumentId, state);
    }
    return state;
  }
}

/** 2.8 → "2.80:1 buy", 0.435 → "2.30:1 sell". */
function ratio(imbalance: number): string {
  if (imbalance >= 1) return `${imbalance.toFixed(2)}:1 buy`;
  return imbalance > 0 ? `${(1 / imbalance).toFixed(2)}:1 sell` : 'all sell';
}
