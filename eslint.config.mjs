import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'target/', 'coverage/', 'tests/artifacts/', '.demo/', '.demo-realistic/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  { files: ['ui/**/*.{ts,tsx}', 'tests/fixtures/ui/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  {
    // The SDK is used through its entry points: 'sdk' (what an App uses), 'sdk/testing' (test tools) and
    // 'sdk/browser' (what the UI may bundle). Its files are its own business.
    files: ['app/**/*.{ts,tsx}', 'ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)sdk/(?!(testing|browser)$)',
              message: "Import the SDK from its entry points ('sdk', 'sdk/testing', 'sdk/browser'), not from its files.",
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
