/**
 * Bundles the functions for deployment: `src/index.ts` → `dist/index.js` (ESM, Node 22, runs on 20 too),
 * with @engine/core (and any pure helper such as zod) inlined, and the runtime SDKs left external so
 * Cloud Build installs them from `dist/package.json`. firebase-tools uploads only the source folder, so a
 * workspace link to the core would not resolve there (firebase-tools issue 653).
 */
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INLINED = new Set(['@engine/core']);
const functionsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(functionsDir, '..');
const distDir = join(functionsDir, 'dist');

const manifest = JSON.parse(await readFile(join(functionsDir, 'package.json'), 'utf8'));
const lock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8'));

/** The version npm actually installed, so the cloud install matches what the tests ran against. */
function lockedVersion(name) {
  const entry = lock.packages?.[`functions/node_modules/${name}`] ?? lock.packages?.[`node_modules/${name}`];
  if (entry?.version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return entry.version;
}

const runtimeDeps = Object.keys(manifest.dependencies ?? {}).filter((name) => !INLINED.has(name));
const builtins = builtinModules.flatMap((name) => [name, `node:${name}`]);

await rm(distDir, { recursive: true, force: true });
await mkdir(distDir, { recursive: true });

const result = await build({
  entryPoints: [join(functionsDir, 'src/index.ts')],
  outfile: join(distDir, 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: ['node20', 'node22'],
  sourcemap: 'linked',
  legalComments: 'linked',
  external: [...runtimeDeps.flatMap((name) => [name, `${name}/*`]), ...builtins],
  // Bundled CommonJS code calls `require` for builtins; ESM output has none unless we provide it.
  banner: {
    js: "import { createRequire as __engineCreateRequire } from 'node:module';\nconst require = __engineCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});

const distManifest = {
  name: manifest.name.replace(/^@[^/]+\//, '') + '-dist',
  private: true,
  type: 'module',
  main: 'index.js',
  engines: { node: '22' },
  dependencies: Object.fromEntries(runtimeDeps.sort().map((name) => [name, lockedVersion(name)])),
};
await writeFile(join(distDir, 'package.json'), JSON.stringify(distManifest, null, 2) + '\n');

const bundle =
  result.metafile.outputs[Object.keys(result.metafile.outputs).find((path) => path.endsWith('index.js'))];
const inlinedCore = Object.keys(result.metafile.inputs).filter((path) => path.startsWith('core/')).length;
console.log(
  `functions bundle: dist/index.js ${(bundle.bytes / 1024).toFixed(0)} KiB, ${inlinedCore} core modules inlined, ` +
    `external: ${runtimeDeps.join(', ')}`,
);
