import type { Signal } from '../../domain/trading.ts';
import { PASS, reject, type ExecutionHandler } from '../execution-types.ts';

/** Portfolio risk's answer to "may this signal open a position now?". */
export type EntryGate = (
  signal: Signal,
) =>
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reasonCode: string; readonly message: string };

/**
 * Portfolio-level veto (health score, circuit breaker, leverage cap, forex session, prop-firm pause). It
 * runs after reversal detection, so an opposite signal still closes a position while entries are blocked.
 */
export function riskGateHandler(gate: EntryGate): ExecutionHandler {
  return {
    name: 'risk_gate',
    handle(ctx) {
      const verdict = gate(ctx.signal);
      return verdict.allowed ? PASS : reject(this.name, verdict.reasonCode, verdict.message);
    },
  };
}
