// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // test/package/consumer/ imports the packed 'keel' as a user does; .ci/package-check.sh compiles it (tsc --strict) in a temporary project.
  { ignores: ['dist/**', 'node_modules/**', 'bench/**/*.py', '**/*.js', '**/*.mjs', 'vitest.config.ts', 'test/package/consumer/**'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
);
