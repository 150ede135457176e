// Lets `npm start`, `npm test` and `npm run bench` work on a fresh clone: installs from the
// lock file when node_modules is missing or older than package-lock.json.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const lockTime = statSync('package-lock.json').mtimeMs;
const fresh = existsSync(marker) && statSync(marker).mtimeMs >= lockTime;
if (!fresh) {
  console.error('[setup] installing dependencies from package-lock.json (npm ci) ...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
