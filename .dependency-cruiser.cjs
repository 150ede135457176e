/**
 * Architecture rules (see ARCHITECTURE.md). Engines depend on ports, never on SDKs, adapters or each other;
 * adapters depend on ports and their own SDK; the core never imports the deployables.
 */
const ENGINES = '^core/src/(analytics|decision|risk|execution)/';
const SDKS =
  '^node_modules/(@duckdb|ws|ccxt|firebase-admin|firebase-functions|@google-cloud|@sendgrid|ethers|viem|@solana|@nktkas)';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain types import nothing but other domain types',
      from: { path: '^core/src/domain/' },
      to: { pathNot: ['^core/src/domain/'] },
    },
    {
      name: 'events-only-domain',
      severity: 'error',
      from: { path: '^core/src/events/' },
      to: { pathNot: ['^core/src/(domain|events|ports)/'] },
    },
    {
      name: 'ports-only-domain-events',
      severity: 'error',
      from: { path: '^core/src/ports/' },
      to: { pathNot: ['^core/src/(domain|events|ports)/'] },
    },
    {
      name: 'engines-no-sdk',
      severity: 'error',
      comment: 'engines talk to the world through ports only',
      from: { path: ENGINES },
      to: { path: SDKS },
    },
    {
      name: 'engines-no-adapters',
      severity: 'error',
      from: { path: ENGINES },
      to: { path: '^core/src/(adapters|marketdata|app)/' },
    },
    {
      name: 'engines-independent',
      severity: 'error',
      comment: 'analytics, decision, risk and execution only meet through events',
      from: { path: '^core/src/(analytics|decision|risk|execution)/([^/]+)' },
      to: { path: ENGINES, pathNot: ['^core/src/$1/'] },
    },
    {
      name: 'sdk-only-in-adapters',
      severity: 'error',
      comment: 'only adapters (and deployables) may import vendor SDKs',
      from: { path: '^core/src/', pathNot: ['^core/src/adapters/'] },
      to: { path: SDKS },
    },
    {
      name: 'core-not-deployables',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(ingest-runner|functions)/' },
    },
    {
      name: 'deployables-independent',
      severity: 'error',
      from: { path: '^ingest-runner/' },
      to: { path: '^functions/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'production code must not import devDependencies',
      from: { path: '^(core|ingest-runner|functions)/src/', pathNot: ['\\.test\\.ts$', '/bench/'] },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
