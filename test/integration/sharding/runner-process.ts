import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface RunnerProcess {
  readonly id: string;
  readonly child: ChildProcess;
  readonly output: string[];
  /** Resolves with the HTTP port once the runner logged `runner ready`. */
  readonly ready: Promise<number>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts `ingest-runner/src/runner/main.ts` under tsx as its own process, as Cloud Run would start the image. */
export function startRunner(id: string, env: Readonly<Record<string, string>>): RunnerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'ingest-runner/src/runner/main.ts'], {
    cwd: REPO_ROOT,
    // A clean environment: the test runner's own variables (Vite sets MODE=test) must not configure the runner.
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      METADATA_SERVER_DETECTION: 'none',
      INSTANCE_ID: id,
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const ready = new Promise<number>((resolveReady, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        output.push(line);
        const parsed = parseLine(line);
        if (parsed?.['message'] === 'runner ready') resolveReady(Number(parsed['port']));
        newline = buffer.indexOf('\n');
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', () => reject(new Error(`runner ${id} exited before ready:\n${output.join('\n')}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })),
  );
  return { id, child, output, ready, exited };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface AuditLine {
  readonly instance: string;
  readonly symbol: string;
  readonly event: 'acquire' | 'release' | 'tick';
  readonly t: number;
}

export function readAudit(path: string): AuditLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as AuditLine);
}

export interface Interval {
  readonly instance: string;
  readonly symbol: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Ownership intervals per instance and symbol, from acquire to release; an interval still open ends at
 * `openEnd(instance)` (kill time for a killed runner). Throws when a tick falls outside every interval of
 * its instance: that would be a symbol processed without a lease.
 */
export function ownershipIntervals(
  lines: readonly AuditLine[],
  openEnd: (instance: string) => number,
): Interval[] {
  const open = new Map<string, number>();
  const intervals: Interval[] = [];
  for (const line of lines) {
    const key = `${line.instance}|${line.symbol}`;
    if (line.event === 'acquire') open.set(key, line.t);
    else if (line.event === 'release') {
      const from = open.get(key);
      if (from !== undefined)
        intervals.push({ instance: line.instance, symbol: line.symbol, from, to: line.t });
      open.delete(key);
    } else if (!open.has(key)) {
      throw new Error(`${line.instance} processed ${line.symbol} at ${line.t} without holding it`);
    }
  }
  for (const [key, from] of open) {
    const [instance = '', symbol = ''] = key.split('|');
    intervals.push({ instance, symbol, from, to: openEnd(instance) });
  }
  return intervals;
}

export function overlaps(intervals: readonly Interval[]): string[] {
  const found: string[] = [];
  for (const a of intervals) {
    for (const b of intervals) {
      if (a.symbol === b.symbol && a.instance < b.instance && a.from < b.to && b.from < a.to) {
        found.push(`${a.symbol}: ${a.instance} [${a.from}, ${a.to}] vs ${b.instance} [${b.from}, ${b.to}]`);
      }
    }
  }
  return found;
}
