// ESLint flat config: type-aware rules (no floating promises), pure folders
// that may not import `vscode`, and heavy clients that must load lazily.
import tseslint from 'typescript-eslint';

const heavy = {
  paths: [
    { name: 'dockerode', message: 'Load dockerode lazily through src/docker/lazy.ts.', allowTypeImports: true },
    { name: '@kubernetes/client-node', message: 'Load the Kubernetes client lazily through src/kubernetes/lazy.ts.', allowTypeImports: true },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', '.vscode-test/**', '*.mjs', 'scripts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json' } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': ['error', heavy],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/debug/adapter/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'core/ and debug/adapter/ stay pure: pass plain data in, get plain data out.' },
          ...heavy.paths,
        ],
      }],
    },
  },
  {
    // The log panel's webview script runs in a browser frame (esbuild bundles it on its own).
    files: ['src/logs/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview has no vscode module: talk to the extension through logWire messages.' }],
        patterns: [{ group: ['node:*'], message: 'The webview runs in a browser frame: no node modules.' }],
      }],
    },
  },
  {
    // The lazily loaded bundles are where the heavy clients belong.
    files: ['src/docker/client/**/*.ts', 'src/kubernetes/client/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
