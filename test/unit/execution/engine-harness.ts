import { PaperVenue, paperVenueOptions } from '../../../core/src/adapters/paper/paper-venue.ts';
import type { Position } from '../../../core/src/domain/trading.ts';
import { ExecutionEngine } from '../../../core/src/execution/execution-engine.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { config, recordingBus } from './fixtures.ts';

/** Engine on a paper venue (usdm fees 0.02% / 0.04%, 1 bp slippage, 50 ms latency), recording events. */
export function paperEngine(overrides: Record<string, unknown> = {}) {
  const cfg = config(overrides);
  const ids = new SequentialIds();
  const venue = new PaperVenue(paperVenueOptions(cfg), ids);
  const bus = recordingBus();
  const activated: Position[] = [];
  const engine = new ExecutionEngine(cfg, venue, ids, bus.emitter, {
    simulator: venue,
    onPositionActivated: (p) => activated.push(p),
  });
  return { engine, venue, activated, ...bus };
}
