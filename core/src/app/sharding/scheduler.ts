/** Timers behind a port, so the shard coordinator's heartbeat runs on a manual schedule in tests. */
export interface Scheduler {
  /** Calls `task` every `periodMs` until the returned cancel function runs. */
  every(periodMs: number, task: () => void): () => void;
}

export const realScheduler: Scheduler = {
  every(periodMs, task) {
    const handle = setInterval(task, periodMs);
    // The heartbeat alone must not keep a draining process alive.
    handle.unref();
    return () => clearInterval(handle);
  },
};
