import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { measureAppendRate } from '@engine/core/adapters/duckdb/measure';
import { runWorkload, WORKLOADS, type WorkloadName } from './run-workload.ts';

/**
 * `npm run bench`: each measurement runs in its own child process (clean heap, no JIT or GC state carried
 * over), and the combined result is printed as JSON on stdout.
 */
async function main(): Promise<void> {
  const only = process.argv[2];
  if (only) {
    console.log(JSON.stringify(await runWorkload(only as WorkloadName)));
    return;
  }
  const results: Record<string, unknown> = {};
  for (const name of WORKLOADS) {
    process.stderr.write(`bench: ${name} ...\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, name], {
      encoding: 'utf8',
      env: process.env,
    });
    if (child.status !== 0) throw new Error(`workload ${name} failed:\n${child.stderr}`);
    results[name] = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
  }
  const duckdb = await measureAppendRate(1_000_000);
  const output = {
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      note: 'single-threaded loops; figures vary with machine load',
    },
    ...results,
    duckdb_append: { rows: duckdb.rows, rows_per_second: Math.round(duckdb.rowsPerSecond) },
  };
  console.log(JSON.stringify(output, null, 2));
}

await main();
