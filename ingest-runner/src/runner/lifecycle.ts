import type { EngineLifecycleChanged } from '@engine/core/events/events';

export type LifecycleState = EngineLifecycleChanged['payload']['state'];

const NEXT: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  starting: ['warming_up', 'draining'],
  warming_up: ['reconciling', 'draining'],
  reconciling: ['ready', 'draining'],
  ready: ['draining'],
  draining: ['stopped'],
  stopped: [],
};

/**
 * starting → warming_up → reconciling → ready → draining → stopped; draining is reachable from any live
 * state (a signal may come during warm-up). A jump elsewhere is a bug and throws.
 */
export class RunnerLifecycle {
  private current: LifecycleState = 'starting';

  constructor(private readonly onChange: (state: LifecycleState, detail: string) => void) {}

  get state(): LifecycleState {
    return this.current;
  }

  /** Ready for traffic: warm-up and reconciliation both succeeded and no drain has begun. */
  get ready(): boolean {
    return this.current === 'ready';
  }

  moveTo(state: LifecycleState, detail = ''): void {
    if (!NEXT[this.current].includes(state)) {
      throw new Error(`runner lifecycle: ${this.current} → ${state} is not allowed`);
    }
    this.current = state;
    this.onChange(state, detail);
  }
}
