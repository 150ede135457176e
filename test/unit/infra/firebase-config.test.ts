import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Collections of the cross-helper contract (see firestore.rules and core/src/ports/state-store.ts). */
const CONTRACT_COLLECTIONS = [
  'active_positions',
  'orders',
  'trade_history',
  'watchlists',
  'market_configs',
  'strategy_configs',
  'forex_accounts',
  'system_state',
  'shard_leases',
  'processed_events',
  'notification_log',
  'notification_batches',
  'reports',
];

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Every `allow` statement of a rules file as [operations, condition]. */
function allowStatements(rules: string): Array<[string[], string]> {
  return [...rules.matchAll(/allow\s+([a-z,\s]+):\s*if\s+([^;]+);/g)].map((match) => [
    (match[1] ?? '').split(',').map((operation) => operation.trim()),
    (match[2] ?? '').trim(),
  ]);
}

function checkBalancedBraces(rules: string): void {
  let depth = 0;
  for (const char of rules.replace(/\/\/.*$/gm, '')) {
    if (char === '{') depth++;
    if (char === '}') depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth).toBe(0);
}

const WRITES = ['write', 'create', 'update', 'delete'];

describe('firebase.json', () => {
  const config = readJson('firebase.json') as {
    functions: Array<Record<string, unknown>>;
    firestore: { rules: string; indexes: string };
    storage: { rules: string };
    hosting: { public: string };
    emulators: Record<string, { host?: string; port?: number; enabled?: boolean } | boolean>;
  };

  it('deploys the bundled functions from functions/dist on Node 22 after building them', () => {
    expect(config.functions).toHaveLength(1);
    expect(config.functions[0]).toMatchObject({
      source: 'functions/dist',
      codebase: 'engine',
      runtime: 'nodejs22',
      predeploy: ['node functions/scripts/build.mjs'],
    });
  });

  it('points at rules, indexes and a hosting folder that exist', () => {
    for (const file of [config.firestore.rules, config.firestore.indexes, config.storage.rules]) {
      expect(existsSync(file), file).toBe(true);
    }
    expect(existsSync(join(config.hosting.public, 'index.html'))).toBe(true);
  });

  it('runs the emulators on the contract’s fixed loopback ports with the UI off', () => {
    const ports = {
      firestore: 8080,
      pubsub: 8085,
      functions: 5001,
      auth: 9099,
      hosting: 5000,
      storage: 9199,
    };
    for (const [name, port] of Object.entries(ports)) {
      expect(config.emulators[name], name).toEqual({ host: '127.0.0.1', port });
    }
    expect(config.emulators['ui']).toEqual({ enabled: false });
    expect(config.emulators['singleProjectMode']).toBe(true);
  });
});

describe('.firebaserc', () => {
  it('aliases dev and prod to demo projects, dev by default', () => {
    expect(readJson('.firebaserc')).toEqual({
      projects: { default: 'demo-orderflow-dev', dev: 'demo-orderflow-dev', prod: 'demo-orderflow-prod' },
    });
  });
});

describe('firestore.indexes.json', () => {
  const file = readJson('firestore.indexes.json') as {
    indexes: Array<{ collectionGroup: string; queryScope: string; fields: Array<Record<string, string>> }>;
    fieldOverrides: Array<{ collectionGroup: string; fieldPath: string; ttl?: boolean }>;
  };

  it('indexes only collections of the contract, each with two or more ordered fields', () => {
    expect(file.indexes.length).toBeGreaterThan(0);
    for (const index of file.indexes) {
      expect(CONTRACT_COLLECTIONS).toContain(index.collectionGroup);
      expect(['COLLECTION', 'COLLECTION_GROUP']).toContain(index.queryScope);
      expect(index.fields.length).toBeGreaterThanOrEqual(2);
      for (const field of index.fields) expect(['ASCENDING', 'DESCENDING']).toContain(field['order']);
    }
    const keys = file.indexes.map((index) => JSON.stringify(index));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('expires idempotency and notification dedup records by their expireAt field (TTL)', () => {
    const ttl = file.fieldOverrides.filter((override) => override.ttl === true);
    expect(ttl.map((override) => `${override.collectionGroup}.${override.fieldPath}`).sort()).toEqual([
      'notification_log.expireAt',
      'processed_events.expireAt',
    ]);
  });

  it('has every composite index the Firestore state store says it requires', () => {
    const source = readFileSync('core/src/adapters/firestore/firestore-state-store.ts', 'utf8');
    // The section runs from its heading to the next all-caps heading (e.g. EQUALITY-ONLY).
    const section = /REQUIRES A COMPOSITE INDEX\n([\s\S]*?)\n \*\s+[A-Z]{3,}/.exec(source)?.[1];
    expect(section, 'the store’s header lists its queries').toBeDefined();
    const required = [...String(section).matchAll(/-\s+(\w+)\s.*→\s*\(([^)]+)\)/g)].map((match) => ({
      collection: match[1],
      fields: (match[2] ?? '').split(',').map((field) => field.trim().split(/\s+/)[0]),
    }));
    expect(required.length).toBeGreaterThan(0);
    for (const need of required) {
      const found = file.indexes.some(
        (index) =>
          index.collectionGroup === need.collection &&
          JSON.stringify(index.fields.map((field) => field['fieldPath'])) === JSON.stringify(need.fields),
      );
      expect(found, `${need.collection} (${need.fields.join(', ')})`).toBe(true);
    }
  });
});

describe('rules files, checked statically', () => {
  const firestoreRules = readFileSync('firestore.rules', 'utf8');
  // No Storage emulator on this machine: storage.rules is checked for structure only.
  const storageRules = readFileSync('storage.rules', 'utf8');

  it('are rules version 2 with balanced braces', () => {
    for (const rules of [firestoreRules, storageRules]) {
      expect(rules).toMatch(/^rules_version = '2';/);
      checkBalancedBraces(rules);
    }
    expect(firestoreRules).toContain('service cloud.firestore');
    expect(storageRules).toContain('service firebase.storage');
  });

  it('never allow a client write, in Firestore or Storage', () => {
    for (const rules of [firestoreRules, storageRules]) {
      const statements = allowStatements(rules);
      expect(statements.length).toBeGreaterThan(0);
      for (const [operations, condition] of statements) {
        if (operations.some((operation) => WRITES.includes(operation))) expect(condition).toBe('false');
        expect(condition).not.toBe('true');
      }
    }
  });

  it('give admins read access to every engine collection of the contract, and own matches to the rest', () => {
    const listed = /function engineCollections\(\) \{\s*return \[([^\]]+)\]/.exec(firestoreRules)?.[1] ?? '';
    const engine = [...listed.matchAll(/'(\w+)'/g)].map((match) => match[1]);
    const ownMatches = ['watchlists', 'forex_accounts'];
    expect([...engine, ...ownMatches].sort()).toEqual([...CONTRACT_COLLECTIONS].sort());
    for (const name of ownMatches) expect(firestoreRules).toContain(`match /${name}/{`);
  });

  it('let only admins read reports in Storage, and nothing else', () => {
    const reads = allowStatements(storageRules).filter(([operations]) => operations.includes('read'));
    expect(reads).toEqual([[['read'], 'request.auth != null && request.auth.token.admin == true']]);
    expect([...storageRules.matchAll(/match\s+(\S+)/g)].map((match) => match[1])).toEqual([
      '/b/{bucket}/o',
      '/reports/{allPaths=**}',
    ]);
  });
});
