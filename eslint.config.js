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
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        // Error codes come from src/core/error-catalogue.ts; a cast would let a code outside it through.
        { selector: "TSAsExpression[typeAnnotation.typeName.name=/^(ErrorCode|CodeOf)$/]", message: 'Do not cast to an error code: add the code to ERROR_CATALOGUE (src/core/error-catalogue.ts).' },
        { selector: "NewExpression[callee.name=/^(KeelError|UsageError|DataError|GraphError|RuntimeError|TrainingError|GateError|TuneError|StorageError)$/] > TSAsExpression.arguments", message: 'Do not cast the arguments of a KeelError: its code and details are checked against ERROR_CATALOGUE.' },
      ],
    },
  },
);
