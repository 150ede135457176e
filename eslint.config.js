import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'functions/dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name="Date"][callee.property.name="now"]',
          message: 'Use the injected Clock, not Date.now().',
        },
        {
          selector: 'CallExpression[callee.object.name="Math"][callee.property.name="random"]',
          message: 'Use a seeded generator, not Math.random().',
        },
      ],
    },
  },
  {
    // Process edges (CLI, bench, scripts, tests) may read the wall clock; the core may not.
    files: [
      'ingest-runner/src/**/*.ts',
      'scripts/**',
      'test/**/*.ts',
      '**/*.test.ts',
      'core/src/adapters/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
