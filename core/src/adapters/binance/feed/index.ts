import type { EventEmitter } from '../../../events/event-bus.ts';
import type { FeedEvent } from './types.ts';

export { BinanceFeed, createBinanceFeed } from './binance-feed.ts';
export type { BinanceFeedOptions, BinanceFeedStats } from './binance-feed.ts';
export { BinanceRestClient } from './rest-client.ts';
export type { RestFailure, RestResult } from './rest-client.ts';
export { TradeSequencer } from './sequencer.ts';
export { TradeFrameParser, isTick } from './trade-parser.ts';
export type { FrameIssue, ParsedFrame } from './trade-parser.ts';
export { BinanceTradeStream } from './trade-stream.ts';
export { backoffDelay, realTimers, VENUE_LIMITS } from './types.ts';
export type { BinanceMarketVenue, FeedEvent, FeedTimers, TradeStreamKind } from './types.ts';

/** `onEvent` for the feed that publishes its events on the engine's bus. */
export function feedEventsTo(emitter: EventEmitter): (event: FeedEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'MarketDataConnectionLost':
        emitter.emit(event.type, event.eventTime, event.payload);
        return;
      case 'MarketDataConnectionRecovered':
        emitter.emit(event.type, event.eventTime, event.payload);
        return;
      case 'MarketDataGapDetected':
        emitter.emit(event.type, event.eventTime, event.payload);
        return;
    }
  };
}
