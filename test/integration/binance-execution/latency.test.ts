import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fills, request, startHarness, waitFor, type Harness } from './harness.ts';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

describe('signal-to-order latency against the fake venue (loopback, real ccxt signing and parsing)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('spot');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('acknowledges sequential market orders quickly and fills each exactly once', async () => {
    const count = 40;
    const toFill: number[] = [];
    const filledAt = new Map<string, number>();
    h.venue.onExecution((r) => {
      if (r.kind === 'fill') filledAt.set(r.fill.clientOrderId, performance.now());
    });
    for (let i = 0; i < count; i += 1) {
      const req = request('binance-spot:BTCUSDT', { quantity: 0.001 });
      const start = performance.now();
      expect(h.venue.submit(req).accepted).toBe(true);
      await waitFor(() => fills(h.reports, req.clientOrderId).length === 1);
      toFill.push((filledAt.get(req.clientOrderId) ?? Number.NaN) - start);
    }
    await h.venue.live.settled();
    const ack = [...h.venue.live.acknowledgementLatencies()].sort((a, b) => a - b);
    const fill = [...toFill].sort((a, b) => a - b);
    console.log(
      `binance-spot fake: submit→ack p50 ${percentile(ack, 0.5)} ms p95 ${percentile(ack, 0.95)} ms max ${ack.at(-1)} ms; ` +
        `submit→fill report p50 ${percentile(fill, 0.5).toFixed(1)} ms p95 ${percentile(fill, 0.95).toFixed(1)} ms (n=${count})`,
    );
    expect(ack).toHaveLength(count);
    expect(h.reports.filter((r) => r.kind === 'fill')).toHaveLength(count);
    expect(percentile(ack, 0.5)).toBeLessThan(250);
  });
});
