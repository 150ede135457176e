import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Starts the gcloud CLI's Firestore and Pub/Sub emulators (they run offline on Java 17) on free loopback
 * ports. Used by the Vitest global setup and by tests that need a private emulator (e.g. runner processes).
 */
export interface RunningEmulator {
  readonly host: string;
  stop(): Promise<void>;
}

export function emulatorsAvailable(): { ok: true } | { ok: false; why: string } {
  for (const [cmd, args] of [
    ['gcloud', ['--version']],
    ['java', ['-version']],
  ] as const) {
    const probe = spawnSync(cmd, args, { encoding: 'utf8', env: gcloudEnv() });
    if (probe.error !== undefined || probe.status !== 0) return { ok: false, why: `${cmd} not found` };
  }
  return { ok: true };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startFirestoreEmulator(): Promise<RunningEmulator> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  return launch(['emulators', 'firestore', 'start', `--host-port=${host}`], host, 'firestore');
}

export async function startPubSubEmulator(): Promise<RunningEmulator> {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  return launch(
    ['beta', 'emulators', 'pubsub', 'start', `--host-port=${host}`, '--project=demo-engine'],
    host,
    'pubsub',
  );
}

function gcloudEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CLOUDSDK_CORE_DISABLE_PROMPTS: '1' };
}

async function launch(args: string[], host: string, name: string): Promise<RunningEmulator> {
  // Own process group, so stopping kills gcloud's wrapper and the Java child together.
  const child = spawn('gcloud', args, {
    env: gcloudEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = (): Promise<void> => killGroup(child);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} emulator exited: ${output.slice(-2000)}`);
    if (await answers(host)) return { host, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${name} emulator did not answer on ${host} within 60 s: ${output.slice(-2000)}`);
}

async function answers(host: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1_000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
