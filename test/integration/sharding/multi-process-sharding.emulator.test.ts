import { tempDir } from '../../support/run-cli.ts';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openFirestore,
  type FirestoreHandle,
} from '../../../core/src/adapters/firestore/firestore-client.ts';
import { FirestoreLeaseStore } from '../../../core/src/adapters/firestore/firestore-lease-store.ts';
import { symbolOf } from '../../../core/src/app/sharding/shard-keys.ts';
import { firestoreHost, uniqueProjectId, useEmulatorEnv } from '../../support/emulator-env.ts';
import {
  overlaps,
  ownershipIntervals,
  readAudit,
  startRunner,
  type RunnerProcess,
} from './runner-process.ts';

const TTL = 3_000;
const HEARTBEAT = 500;
const GRACE = 8_000;
/** Claim latency on the emulator: two instances racing for one key wait on its lock (measured ~3 s). */
const SLACK = 3_500;
const SYMBOLS = ['SYM1', 'SYM2', 'SYM3', 'SYM4', 'SYM5', 'SYM6', 'SYM7', 'SYM8', 'SYM9'];

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(firestoreHost() === null)('three runners sharding symbols through Firestore leases', () => {
  const projectId = uniqueProjectId('shard');
  const auditFile = join(tempDir('shard-audit'), 'audit.jsonl');
  let firestore: FirestoreHandle;
  let leases: FirestoreLeaseStore;
  const runners: RunnerProcess[] = [];

  beforeAll(() => {
    useEmulatorEnv();
    firestore = openFirestore({ projectId });
    leases = new FirestoreLeaseStore(firestore.db);
  });
  afterAll(async () => {
    // Kept beside the audit for a failed run: each runner's structured log.
    for (const r of runners) writeFileSync(join(dirname(auditFile), `${r.id}.log`), r.output.join('\n'));
    for (const r of runners)
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await firestore.close();
  });

  async function owners(): Promise<Map<string, string>> {
    const now = Date.now();
    const map = new Map<string, string>();
    for (const lease of await leases.list()) {
      const symbol = symbolOf(lease.key);
      if (symbol !== undefined && lease.expiresAt > now) map.set(symbol, lease.owner);
    }
    return map;
  }

  it('splits the symbols, moves a killed runner’s symbols within ttl + heartbeat, never runs one symbol twice, and drains on SIGTERM', async () => {
    const env = {
      STATE: 'firestore',
      FIRESTORE_PROJECT: projectId,
      FIRESTORE_EMULATOR_HOST: firestoreHost() ?? '',
      SOURCE: 'synthetic',
      SYMBOLS: SYMBOLS.join(','),
      LEASE_TTL_MS: String(TTL),
      HEARTBEAT_MS: String(HEARTBEAT),
      SYNTHETIC_TICK_MS: '50',
      SHUTDOWN_GRACE_MS: String(GRACE),
      SHARD_AUDIT_FILE: auditFile,
    };
    const t0 = Date.now();
    for (const id of ['r0', 'r1', 'r2']) runners.push(startRunner(id, env));
    const ports = await Promise.all(runners.map((r) => r.ready));
    const readyAt = Date.now();
    for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    // A stable fair split: every symbol leased, three each, unchanged across two looks a second apart.
    let previous = '';
    const split = await until('a stable 3/3/3 split', 40_000, async () => {
      const map = await owners();
      const counts = ['r0', 'r1', 'r2'].map((id) => [...map.values()].filter((o) => o === id).length);
      const signature = JSON.stringify([...map.entries()].sort());
      const stable = map.size === 9 && counts.every((c) => c === 3) && signature === previous;
      previous = signature;
      if (!stable) await new Promise((r) => setTimeout(r, 900));
      return stable ? map : undefined;
    });
    const splitAt = Date.now();
    const [victim, ...survivors] = runners as [RunnerProcess, ...RunnerProcess[]];
    const orphaned = [...split.entries()].filter(([, o]) => o === victim.id).map(([s]) => s);
    expect(orphaned).toHaveLength(3);

    victim.child.kill('SIGKILL');
    const killedAt = (await victim.exited).at;
    console.log(`audit and runner logs: ${dirname(auditFile)}`);
    const movedAt = await until('the orphaned symbols to move', TTL + HEARTBEAT + SLACK + 5_000, async () => {
      const lines = readAudit(auditFile);
      const acquired = orphaned.map((symbol) =>
        lines.find(
          (l) => l.event === 'acquire' && l.symbol === symbol && l.instance !== victim.id && l.t > killedAt,
        ),
      );
      return acquired.every((a) => a !== undefined) ? Math.max(...acquired.map((a) => a?.t ?? 0)) : undefined;
    });
    expect(movedAt - killedAt).toBeLessThanOrEqual(TTL + HEARTBEAT + SLACK);
    const after = await owners();
    expect(orphaned.every((s) => after.get(s) === 'r1' || after.get(s) === 'r2')).toBe(true);
    expect(after.size).toBe(9);

    // Let the survivors trade a moment, then drain them both.
    await new Promise((r) => setTimeout(r, 500));
    const termAt = Date.now();
    for (const r of survivors) r.child.kill('SIGTERM');
    const exits = await Promise.all(survivors.map((r) => r.exited));
    for (const exit of exits) {
      expect(exit.code).toBe(0);
      expect(exit.at - termAt).toBeLessThan(GRACE);
    }
    console.log(
      `measured: 3 runners ready ${readyAt - t0} ms, stable split ${splitAt - readyAt} ms later, takeover ${movedAt - killedAt} ms after SIGKILL, drain ${Math.max(...exits.map((e) => e.at)) - termAt} ms`,
    );
    expect((await leases.list()).filter((l) => l.owner !== victim.id && l.expiresAt > Date.now())).toEqual(
      [],
    );

    const lines = readAudit(auditFile);
    const lastTick = (instance: string): number =>
      Math.max(0, ...lines.filter((l) => l.instance === instance).map((l) => l.t));
    const intervals = ownershipIntervals(lines, (instance) =>
      instance === victim.id ? killedAt : lastTick(instance),
    );
    expect(overlaps(intervals)).toEqual([]);
    // Every symbol was processed by at least two instances over the run, so the check above had work to do.
    for (const symbol of orphaned) {
      expect(
        new Set(lines.filter((l) => l.symbol === symbol && l.event === 'tick').map((l) => l.instance)).size,
      ).toBeGreaterThanOrEqual(2);
    }
  }, 240_000);
});
