import { describe, expect, it } from 'vitest';
import { analyzeOrderFlow, orderFlowAnalyzer } from '../../../core/src/decision/primary-order-flow.ts';
import { config, configWith, shortSnapshot, snapshot } from './fixtures.ts';

const flow = (imbalance30s: number | null, trades30s = 40) => ({ orderFlow: { imbalance30s, trades30s } });

describe('primary analyzer: order flow', () => {
  it('passes 3.2:1 buying over 40 trades for a long', () => {
    const outcome = analyzeOrderFlow(snapshot(), 'long', config);
    expect(outcome).toMatchObject({ stage: 'primary', passed: true, reason: 'buyers_dominate' });
    expect(outcome.values).toMatchObject({ analyzer: 'order_flow', imbalance30s: 3.2, threshold: 2.5 });
  });

  it('rejects exactly 2.5:1 (the rule is > 2.5) and accepts 2.51', () => {
    expect(analyzeOrderFlow(snapshot(flow(2.5)), 'long', config).reason).toBe('order_flow_too_weak');
    expect(analyzeOrderFlow(snapshot(flow(2.51)), 'long', config).passed).toBe(true);
  });

  it('needs a ratio below 1 / 2.5 = 0.4 for a short', () => {
    expect(analyzeOrderFlow(shortSnapshot(), 'short', config).reason).toBe('sellers_dominate');
    expect(analyzeOrderFlow(shortSnapshot(flow(0.4)), 'short', config).reason).toBe('order_flow_too_weak');
    expect(analyzeOrderFlow(shortSnapshot(flow(0.39)), 'short', config).passed).toBe(true);
  });

  it('rejects buying pressure for a short', () => {
    expect(analyzeOrderFlow(snapshot(), 'short', config).reason).toBe('order_flow_too_weak');
  });

  it('needs at least 5 trades in the 30 s window', () => {
    expect(analyzeOrderFlow(snapshot(flow(3.2, 4)), 'long', config).reason).toBe('order_flow_too_few_trades');
    expect(analyzeOrderFlow(snapshot(flow(3.2, 5)), 'long', config).passed).toBe(true);
  });

  it('is order_flow_unknown when the analytics had no ratio', () => {
    expect(analyzeOrderFlow(snapshot(flow(null)), 'long', config).reason).toBe('order_flow_unknown');
  });

  it('uses the configured ratio and trade count through the pluggable unit', () => {
    const strict = configWith({ primary: { orderFlowRatio: 4, minTrades: 50 } });
    expect(orderFlowAnalyzer.analyze(snapshot(), 'long', strict).reason).toBe('order_flow_too_few_trades');
    const ratioOnly = configWith({ primary: { orderFlowRatio: 4 } });
    expect(orderFlowAnalyzer.analyze(snapshot(), 'long', ratioOnly).reason).toBe('order_flow_too_weak');
  });
});
