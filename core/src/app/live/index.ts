export { LiveEngine } from './live-engine.ts';
export type { LiveEngineOptions, LiveEngineStats, LiveFeedSettings, VenuePortDeps } from './live-options.ts';
export { buildLiveReport, feedReport } from './live-report.ts';
export type { FeedReport, LiveReport } from './live-report.ts';
export { LiveSymbols } from './live-symbols.ts';
export type { WarmUpFetch, WarmUpOutcome } from './live-symbols.ts';
export { asSessionVenue, LiveTrading } from './live-trading.ts';
export type { LiveVenuePort } from './live-trading.ts';
export { RunScopedIds } from './run-ids.ts';
