import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const dockerfile = readFileSync(join(ROOT, 'ingest-runner/Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.length > 0 && !l.startsWith('#'));

/** Instructions with continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.length > 0 && !l.startsWith('#'))
  .map((l) => {
    const [op = '', ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
const of = (op: string): string[] => instructions.filter((i) => i.op === op).map((i) => i.args);

describe('the runner Dockerfile (static checks; docker cannot build here)', () => {
  it('builds every stage from node 22', () => {
    const bases = of('FROM');
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toMatch(/^node:22[-.\w]*( AS \w+)?$/i);
  });

  it('runs the final stage as a non-root user', () => {
    const lastFrom = instructions.map((i) => i.op).lastIndexOf('FROM');
    const users = instructions.slice(lastFrom).filter((i) => i.op === 'USER');
    expect(users.at(-1)?.args).toBeDefined();
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
  });

  it('sets production, exposes 8080, starts the bundle and leaves probes to Cloud Run', () => {
    expect(of('ENV').join(' ')).toMatch(/NODE_ENV=production/);
    expect(of('EXPOSE')).toEqual(['8080']);
    expect(of('CMD').at(-1)).toMatch(/ingest-runner\/dist\/runner\.js/);
    expect(of('HEALTHCHECK')).toEqual([]);
    expect(of('RUN').some((r) => /npm ci --omit=dev/.test(r))).toBe(true);
  });

  it('carries no secrets and fetches nothing by ADD', () => {
    for (const line of [...of('ENV'), ...of('ARG')]) {
      expect(line).not.toMatch(/(SECRET|TOKEN|PASSWORD|PRIVATE_KEY|API_KEY|CREDENTIALS)/i);
    }
    expect(of('ADD')).toEqual([]);
    expect(dockerfile).not.toMatch(/GOOGLE_APPLICATION_CREDENTIALS|BEGIN (RSA )?PRIVATE KEY/);
  });

  it('copies only paths that exist in the repository', () => {
    for (const copy of of('COPY').filter((c) => !c.startsWith('--from'))) {
      const sources = copy.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(join(ROOT, source)), source).toBe(true);
    }
  });

  it('keeps node_modules, build output, data caches and secrets out of the build context', () => {
    for (const pattern of ['**/node_modules', '**/dist', 'out', '.git', '.env', 'data/*']) {
      expect(dockerignore).toContain(pattern);
    }
    // The image's paper replay reads the tapes, so they must stay in the context.
    expect(dockerignore).toContain('!data/tapes');
  });
});

describe('the runner bundle', () => {
  const outfile = join(ROOT, 'ingest-runner/dist', `runner-test-${process.pid}.js`);
  afterAll(() => {
    rmSync(outfile, { force: true });
    rmSync(`${outfile}.map`, { force: true });
  });

  it('builds with esbuild and serves /healthz and /readyz from plain node, then drains on SIGTERM', async () => {
    const build = spawnSync(process.execPath, ['ingest-runner/scripts/build.mjs', outfile], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    const child = spawn(process.execPath, [outfile], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        SOURCE: 'synthetic',
        SYMBOLS: 'AAAUSDT,BBBUSDT',
        PORT: '0',
        INSTANCE_ID: 'bundle-1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const port = await new Promise<number>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"message":"runner ready","port":(\d+)/.exec(out);
        if (match) done(Number(match[1]));
      });
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      void exited.then(() => fail(new Error(`bundle exited early:\n${out}`)));
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(
      /^ticks_total\{venue="binance-spot"\} \d+$/m,
    );
    const termAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - termAt).toBeLessThan(8_000);
  });
});
