import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './tape.ts';

/** Runs the engine CLI exactly as `npm run engine -- ...` does (tsx on the same entry point). */
export function runEngine(args: readonly string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(
    join(REPO, 'node_modules/.bin/tsx'),
    [join(REPO, 'ingest-runner/src/cli.ts'), ...args],
    {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, METADATA_SERVER_DETECTION: 'none' },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}
