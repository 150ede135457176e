import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const distDir = join(repoRoot, 'functions/dist');

const CALLABLES = [
  'watchlistAdd',
  'watchlistRemove',
  'watchlistRenew',
  'watchlistList',
  'watchlistTopLiquid',
];
const SCHEDULED: Record<string, string> = {
  watchlistCleaner: '0 0 * * *',
  topLiquidUpdater: '0 0 * * *',
  positionReconciler: 'every 5 minutes',
  dailySummary: '5 0 * * *',
  reportRetention: '30 1 * * *',
};

/** Imports the bundle in a fresh node and describes every export the way firebase-tools reads it. */
const PROBE = `
const started = performance.now();
const mod = await import(process.argv[1]);
const importMs = performance.now() - started;
const out = {};
for (const [name, value] of Object.entries(mod)) {
  const endpoint = value?.__endpoint;
  out[name] = {
    type: typeof value,
    hasRun: typeof value?.run === 'function',
    platform: endpoint?.platform ?? null,
    trigger: endpoint ? Object.keys(endpoint).filter((k) => k.endsWith('Trigger')) : [],
    schedule: endpoint?.scheduleTrigger ?? null,
    secrets: (endpoint?.secretEnvironmentVariables ?? []).map((s) => s.key),
    serviceAccount: endpoint?.serviceAccountEmail ?? null,
    region: endpoint?.region ?? null,
  };
}
console.log(JSON.stringify({ importMs, exports: out }));
`;

interface Probe {
  importMs: number;
  exports: Record<
    string,
    {
      type: string;
      hasRun: boolean;
      platform: string | null;
      trigger: string[];
      schedule: { schedule: string; timeZone: string } | null;
      secrets: string[];
      serviceAccount: string | null;
      region: string[] | null;
    }
  >;
}

describe('functions bundle (functions/scripts/build.mjs)', () => {
  let outside = '';
  let manifest: {
    dependencies: Record<string, string>;
    engines: { node: string };
    type: string;
    main: string;
  };
  let probe: Probe;

  beforeAll(async () => {
    await run(process.execPath, [join(repoRoot, 'functions/scripts/build.mjs')], { cwd: repoRoot });
    manifest = JSON.parse(await readFile(join(distDir, 'package.json'), 'utf8'));
    // A deploy target outside the workspace: no @engine/core, no hoisted zod, only the listed runtime deps.
    outside = await mkdtemp(join(tmpdir(), 'functions-dist-'));
    await cp(distDir, outside, { recursive: true });
    for (const name of Object.keys(manifest.dependencies)) {
      const link = join(outside, 'node_modules', name);
      await mkdir(dirname(link), { recursive: true });
      await symlink(join(repoRoot, 'node_modules', name), link, 'dir');
    }
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', PROBE, join(outside, 'index.js')],
      {
        cwd: outside,
        env: {
          PATH: process.env['PATH'] ?? '',
          METADATA_SERVER_DETECTION: 'none',
          // firebase-tools sets it when it loads the code to read the endpoints.
          GCLOUD_PROJECT: 'demo-bundle',
        },
      },
    );
    probe = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Probe;
  }, 120_000);

  afterAll(async () => {
    if (outside !== '') await rm(outside, { recursive: true, force: true });
  });

  it('writes a runtime manifest without the workspace core, pinned to the locked versions', () => {
    expect(manifest).toMatchObject({ type: 'module', main: 'index.js', engines: { node: '22' } });
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@sendgrid/mail',
      'firebase-admin',
      'firebase-functions',
    ]);
    expect(manifest.dependencies['firebase-admin']).toMatch(/^13\.10\.\d+$/);
    expect(manifest.dependencies).not.toHaveProperty('@engine/core');
  });

  it('inlines the core: the bundle imports no @engine/core module and no zod', async () => {
    const code = await readFile(join(distDir, 'index.js'), 'utf8');
    expect(code).not.toMatch(/from\s*["']@engine\/core/);
    expect(code).not.toMatch(/from\s*["']zod/);
    expect(code).toMatch(/from\s*["']firebase-functions\/v2\/https["']/);
  });

  it('loads outside the repository and exports every callable as a gcfv2 callable', () => {
    for (const name of CALLABLES) {
      expect(probe.exports[name], name).toMatchObject({ platform: 'gcfv2', trigger: ['callableTrigger'] });
    }
    expect(probe.exports['api']).toMatchObject({ platform: 'gcfv2', trigger: ['httpsTrigger'] });
  });

  it('exports the scheduled jobs with their UTC schedules and run()', () => {
    for (const [name, schedule] of Object.entries(SCHEDULED)) {
      expect(probe.exports[name], name).toMatchObject({ hasRun: true, platform: 'gcfv2' });
      expect(probe.exports[name]?.schedule).toMatchObject({ schedule, timeZone: 'UTC' });
    }
    expect(probe.exports['positionReconciler']?.secrets.sort()).toEqual([
      'BINANCE_API_KEY',
      'BINANCE_API_SECRET',
    ]);
  });

  it('runs every function as the engine-functions service account in the infra region', () => {
    for (const [name, described] of Object.entries(probe.exports)) {
      if (name === 'FUNCTIONS_CODEBASE') continue;
      // firebase-tools expands the `name@` shorthand with the project id at deploy.
      expect(described.serviceAccount, name).toBe('engine-functions@');
      expect(described.region, name).toEqual(['europe-west1']);
    }
  });

  it('imports quickly, touching no network at import', () => {
    expect(probe.importMs).toBeLessThan(10_000);
  });
});
