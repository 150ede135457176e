import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionEngine } from '../../../core/src/execution/execution-engine.ts';
import { SequentialIds } from '../../../core/src/ports/ids.ts';
import { config, recordingBus, signal } from '../../unit/execution/fixtures.ts';
import { startHarness, waitFor, type Harness } from './harness.ts';

describe('ExecutionEngine on the live Binance venue (fake server)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('opens a position from a signal and closes it with a reduce-only exit, one OrderFilled per trade', async () => {
    h = await startHarness('usdm');
    const bus = recordingBus();
    const engine = new ExecutionEngine(config(), h.venue, new SequentialIds('eng'), bus.emitter);
    const entry = signal({ instrumentId: 'binance-usdm:BTCUSDT', entryPrice: 60_000, stopPrice: 59_700 });
    const placed = engine.onSignal(entry, 60_000);
    expect(placed.ok).toBe(true);
    await waitFor(() => bus.types().includes('PositionOpened'), 10_000, 'PositionOpened');
    const position = engine.positions()[0];
    expect(position).toMatchObject({ direction: 'long', entryPrice: 60_000 });
    expect(position?.quantity).toBe(h.server.book.positions.get('BTCUSDT')?.amt);

    const exit = engine.requestExit('binance-usdm:BTCUSDT', 'trailing_stop', Date.now());
    expect(exit.ok).toBe(true);
    await waitFor(() => bus.types().includes('PositionClosed'), 10_000, 'PositionClosed');
    await h.venue.live.settled();
    expect(h.server.book.positions.get('BTCUSDT')?.amt).toBe(0);
    expect(bus.types().filter((t) => t === 'OrderFilled')).toHaveLength(h.server.book.trades.length);
    expect(engine.positions()).toEqual([]);
  });

  it('drops an entry the venue refused asynchronously and publishes the refusal as OrderRejected', async () => {
    h = await startHarness('usdm');
    h.server.arm({ kind: 'reject', code: -2019, msg: 'Margin is insufficient.' });
    const bus = recordingBus();
    const engine = new ExecutionEngine(config(), h.venue, new SequentialIds('eng'), bus.emitter);
    expect(
      engine.onSignal(
        signal({ instrumentId: 'binance-usdm:BTCUSDT', entryPrice: 60_000, stopPrice: 59_700 }),
        60_000,
      ).ok,
    ).toBe(true);
    await waitFor(() => h!.reports.some((r) => r.kind === 'cancelled'), 10_000, 'the rejection');
    expect(h.reports.find((r) => r.kind === 'cancelled')).toMatchObject({
      reasonCode: 'insufficient_margin',
      order: { status: 'rejected' },
    });
    expect(engine.counters()).toMatchObject({ workingOrders: 0, ordersRejected: 1 });
    expect(bus.types().filter((t) => t === 'OrderRejected')).toHaveLength(1);
    expect(engine.positions()).toEqual([]);
  });
});
