// The README's test command. Runs the static checks (types, lint, formatting, architecture rules) and the
// Vitest suite, then prints one summary line `N passed, N failed` (each static check counts as one test).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

process.env.METADATA_SERVER_DETECTION ??= 'none';
const REPORT = '.test-report.json';
const checks = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['format', 'npx', ['prettier', '--check', '.', '--log-level=warn']],
  [
    'architecture rules',
    'npx',
    ['depcruise', 'core', 'ingest-runner', 'functions', '--config', '.dependency-cruiser.cjs'],
  ],
];

let passed = 0;
let failed = 0;
for (const [name, cmd, args] of checks) {
  process.stdout.write(`[check] ${name} ... `);
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  if (result.status === 0) {
    passed++;
    console.log('ok');
  } else {
    failed++;
    console.log('FAILED');
    console.log((result.stdout ?? '') + (result.stderr ?? ''));
  }
}

rmSync(REPORT, { force: true });
const extra = process.argv.slice(2);
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...extra],
  {
    stdio: 'inherit',
  },
);
if (existsSync(REPORT)) {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A file that fails to load has no test results of its own; count it as one failure.
  const emulator = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed++;
    if (!String(file.name).endsWith('.emulator.test.ts')) continue;
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') emulator.passed++;
      else if (test.status === 'failed') emulator.failed++;
      else emulator.skipped++;
    }
  }
  console.log(
    `emulator-backed tests (Firestore / Pub/Sub emulators): ${emulator.passed} passed, ${emulator.failed} failed, ${emulator.skipped} NOT RUN`,
  );
  if (emulator.skipped > 0) {
    console.log(
      '!!! Some emulator-backed tests were NOT RUN (see the warning above); they are not counted as passed. !!!',
    );
  }
} else {
  failed++;
  console.log('vitest produced no report');
}
if (vitest.status !== 0 && failed === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
