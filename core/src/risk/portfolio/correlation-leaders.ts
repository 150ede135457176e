import type { CorrelationConfig } from '../../config/risk/correlation-config.ts';
import { RollingExtreme } from './rolling-extreme.ts';

/** A leader moved beyond the threshold within the window: the start of one dump (or pump) episode. */
export interface LeaderMove {
  /** Leader instrument id, e.g. `binance-spot:BTCUSDT`. */
  readonly leader: string;
  readonly symbol: string;
  /** The part of the id before ':' (venue and market type); the move acts on this venue key only. */
  readonly venueKey: string;
  readonly kind: 'dump' | 'pump';
  /** Signed fraction from the window extreme to the current price (-0.016 = a 1.6% fall). */
  readonly move: number;
  readonly fromPrice: number;
  readonly fromTs: number;
  readonly price: number;
  readonly ts: number;
  readonly windowMs: number;
}

export interface InstrumentKey {
  readonly venueKey: string;
  readonly symbol: string;
}

/** `binance-spot:BTCUSDT` → { venueKey: 'binance-spot', symbol: 'BTCUSDT' } (decisions.md #1). */
export function splitInstrumentId(instrumentId: string): InstrumentKey {
  const colon = instrumentId.indexOf(':');
  if (colon < 0) return { venueKey: '', symbol: instrumentId };
  return { venueKey: instrumentId.slice(0, colon), symbol: instrumentId.slice(colon + 1) };
}

/**
 * Leader move detection on trade ticks (not 1m closes: a tick path reacts within the minute). The 5-minute
 * maximum and minimum come from monotonic deques, O(1) amortized per tick. An episode fires once when the
 * move crosses the threshold and re-arms when the move is back within it.
 */
class LeaderWatch {
  private readonly max: RollingExtreme;
  private readonly min: RollingExtreme;
  private dumping = false;
  private pumping = false;

  constructor(
    private readonly leader: string,
    private readonly key: InstrumentKey,
    private readonly config: CorrelationConfig,
  ) {
    this.max = new RollingExtreme('max', config.moveWindowMs, config.maxWindowTicks);
    this.min = new RollingExtreme('min', config.moveWindowMs, config.maxWindowTicks);
  }

  onPrice(ts: number, price: number): LeaderMove | undefined {
    if (!(price > 0)) return undefined;
    this.max.push(ts, price);
    this.min.push(ts, price);
    const high = this.max.extreme() ?? price;
    const low = this.min.extreme() ?? price;
    const fall = (high - price) / high;
    const rise = (price - low) / low;
    const threshold = this.config.moveThreshold;
    const newDump = fall > threshold && !this.dumping;
    const newPump = rise > threshold && !this.pumping && this.config.mirrorPumps;
    this.dumping = fall > threshold;
    this.pumping = rise > threshold && this.config.mirrorPumps;
    if (newDump) return this.move('dump', -fall, high, this.max.extremeTs() ?? ts, price, ts);
    if (newPump) return this.move('pump', rise, low, this.min.extremeTs() ?? ts, price, ts);
    return undefined;
  }

  private move(
    kind: LeaderMove['kind'],
    move: number,
    fromPrice: number,
    fromTs: number,
    price: number,
    ts: number,
  ): LeaderMove {
    const { venueKey, symbol } = this.key;
    const windowMs = this.config.moveWindowMs;
    return { leader: this.leader, symbol, venueKey, kind, move, fromPrice, fromTs, price, ts, windowMs };
  }
}

/** Which instruments are leaders (symbol in the configured list, any venue key) and their move watches. */
export class LeaderBoard {
  private readonly symbols: ReadonlySet<string>;
  /** `null` caches "not a leader" so a follower's tick costs one map lookup. */
  private readonly watches = new Map<string, LeaderWatch | null>();

  constructor(private readonly config: CorrelationConfig) {
    this.symbols = new Set(config.leaders);
  }

  isLeader(instrumentId: string): boolean {
    return this.symbols.has(splitInstrumentId(instrumentId).symbol);
  }

  onPrice(instrumentId: string, ts: number, price: number): LeaderMove | undefined {
    let watch = this.watches.get(instrumentId);
    if (watch === undefined) {
      const key = splitInstrumentId(instrumentId);
      watch = this.symbols.has(key.symbol) ? new LeaderWatch(instrumentId, key, this.config) : null;
      this.watches.set(instrumentId, watch);
    }
    return watch === null ? undefined : watch.onPrice(ts, price);
  }
}
