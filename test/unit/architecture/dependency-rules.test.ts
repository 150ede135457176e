import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../../support/tape.ts';

const probes: string[] = [];

/** Writes a throw-away module that breaks a rule, and runs the real checker on it. */
function cruise(relativePath: string, source: string): { status: number | null; output: string } {
  const path = join(REPO, relativePath);
  probes.push(path);
  writeFileSync(path, source);
  const run = spawnSync(
    join(REPO, 'node_modules/.bin/depcruise'),
    [relativePath, '--config', '.dependency-cruiser.cjs'],
    {
      cwd: REPO,
      encoding: 'utf8',
    },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

afterEach(() => {
  for (const path of probes.splice(0)) rmSync(path, { force: true });
});

describe('architecture rules (dependency-cruiser)', () => {
  it('pass on the code base as it is', () => {
    const run = spawnSync(
      join(REPO, 'node_modules/.bin/depcruise'),
      ['core', 'ingest-runner', 'functions', '--config', '.dependency-cruiser.cjs'],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    );
    expect(run.stdout + run.stderr).toMatch(/no dependency violations found/);
    expect(run.status).toBe(0);
  });

  it('refuse an analytics module that imports a vendor SDK', () => {
    const run = cruise(
      'core/src/analytics/zz-probe-sdk.ts',
      "import { DuckDBInstance } from '@duckdb/node-api';\nexport const x = DuckDBInstance;\n",
    );
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/engines-no-sdk/);
  });

  it('refuse an engine module that imports an adapter', () => {
    const run = cruise(
      'core/src/analytics/zz-probe-adapter.ts',
      "import { TradeTapeSource } from '../adapters/files/trade-tape.ts';\nexport const x = TradeTapeSource;\n",
    );
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/engines-no-adapters/);
  });

  it('refuse domain types that import anything outside the domain', () => {
    const run = cruise(
      'core/src/domain/zz-probe.ts',
      "import type { Clock } from '../ports/clock.ts';\nexport type X = Clock;\n",
    );
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/domain-is-pure/);
  });
});
