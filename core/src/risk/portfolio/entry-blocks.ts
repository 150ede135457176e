import { marketTypeOf } from '../../config/execution-config.ts';
import type { RiskAction } from './types.ts';

type BlockAction = Extract<RiskAction, { kind: 'block_entries' }>;

/**
 * Entry blocks keyed by the rule that set them, so one rule lifting its block (health back above 70)
 * never lifts another's (the circuit breaker's until midnight). Blocks with an `until` expire by event time.
 */
export class EntryBlocks {
  private readonly blocks = new Map<string, BlockAction>();

  apply(action: RiskAction): void {
    if (action.kind === 'block_entries') this.blocks.set(blockKey(action), action);
    else if (action.kind === 'allow_entries') {
      for (const [key, block] of this.blocks) if (block.reason === action.reason) this.blocks.delete(key);
    }
  }

  /** The reason blocking an entry on this instrument for this account at `now`, if any. */
  blocking(instrumentId: string, accountId: string, now: number): string | undefined {
    const market = marketTypeOf(instrumentId);
    for (const [key, block] of this.blocks) {
      if (block.until !== null && now >= block.until) {
        this.blocks.delete(key);
        continue;
      }
      const scope = block.scope;
      if (scope === 'all') return block.reason;
      if ('accountId' in scope && scope.accountId === accountId) return block.reason;
      if ('marketType' in scope && scope.marketType === market) return block.reason;
    }
    return undefined;
  }

  active(): number {
    return this.blocks.size;
  }
}

function blockKey(block: BlockAction): string {
  const scope =
    block.scope === 'all'
      ? 'all'
      : 'accountId' in block.scope
        ? `a:${block.scope.accountId}`
        : `m:${block.scope.marketType}`;
  return `${block.reason}|${scope}`;
}
