import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/**/*.test.ts',
      'core/src/**/*.test.ts',
      'ingest-runner/src/**/*.test.ts',
      'functions/src/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/global-emulators.ts'],
  },
});
