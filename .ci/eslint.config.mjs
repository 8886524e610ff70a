// ESLint flat config, kept under .ci/ to keep the repository's top level tidy
// (`npm run lint` passes it explicitly).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'embeddings/**', 'models/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The product never depends on its tools (eval, bench, model generation): they use it.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/tools/**'], message: 'src must not import tools.' }] },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['discord.js', '@discordjs/*'], message: 'src/core must not depend on Discord.' },
            {
              group: ['cli-progress', 'commander', '**/cli/**', '**/discord/**'],
              message: 'src/core must not depend on the CLI or Discord adapters.',
            },
            { group: ['**/tools/**'], message: 'src must not import tools.' },
          ],
        },
      ],
    },
  },
);
