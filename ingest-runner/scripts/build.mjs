/**
 * Bundles the Cloud Run runner: `src/runner/main.ts` → `dist/runner.js` (ESM, Node 22, runs on 20 too),
 * with @engine/core inlined and every npm package left external: the image installs those with
 * `npm ci --omit=dev`, native ones (@duckdb/node-api) included. Usage: node ingest-runner/scripts/build.mjs [outfile]
 */
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const runnerDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(process.argv[2] ?? join(runnerDir, 'dist/runner.js'));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Bare imports stay external except the workspace core, which is TypeScript and must be compiled in. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@engine/')) return undefined;
      return { path: args.path, external: true, sideEffects: !builtins.has(args.path) };
    });
  },
};

await build({
  entryPoints: [join(runnerDir, 'src/runner/main.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: ['node20', 'node22'],
  sourcemap: 'linked',
  plugins: [externalPackages],
  logLevel: 'warning',
});
console.log(`wrote ${outfile}`);
