import type { EventEmitter } from '../../events/event-bus.ts';
import type { EntryBlocks } from './entry-blocks.ts';
import type { PortfolioView, RiskAction, RiskEffects } from './types.ts';

/**
 * Carries out what the risk rules ask, once each: a position already being closed is not closed twice
 * (several rules keep asking until it is gone), a close the venue refused is asked again later.
 */
export class RiskActionExecutor {
  private readonly closing = new Set<string>();

  constructor(
    private readonly emitter: EventEmitter,
    private readonly portfolio: PortfolioView,
    private readonly effects: RiskEffects,
    private readonly blocks: EntryBlocks,
  ) {}

  isClosing(positionId: string): boolean {
    return this.closing.has(positionId);
  }

  closed(positionId: string): void {
    this.closing.delete(positionId);
  }

  applyAll(actions: readonly RiskAction[], ts: number): void {
    for (const action of actions) this.apply(action, ts);
  }

  apply(action: RiskAction, ts: number): void {
    switch (action.kind) {
      case 'close':
        this.close(action, ts);
        return;
      case 'tighten_stops':
        this.effects.tighten(action.trailingDistance, action.positionIds);
        return;
      case 'block_entries':
      case 'allow_entries':
        this.blocks.apply(action);
        return;
      case 'alert':
        this.emitter.emit('RiskAlertRaised', ts, {
          severity: action.severity,
          code: action.code,
          message: action.message,
        });
        return;
    }
  }

  private close(action: Extract<RiskAction, { kind: 'close' }>, ts: number): void {
    if (this.closing.has(action.positionId)) return;
    const position = this.portfolio.positions().find((p) => p.positionId === action.positionId);
    if (!position) return;
    this.closing.add(action.positionId);
    const { positionId, reason, detail } = action;
    this.emitter.emit(
      'ForceExitRequired',
      ts,
      { positionId, instrumentId: position.instrumentId, reason, detail },
      { correlationId: positionId },
    );
    if (this.effects.close(positionId, reason, detail, ts) === false) this.closing.delete(positionId);
  }
}
