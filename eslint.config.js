import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import boundaries from 'eslint-plugin-boundaries'
import globals from 'globals'

/**
 * The parts of app/ and which may use which (docs/architecture.md). Each
 * part may import itself and the parts listed; anything else fails the lint.
 */
const LAYERS = {
  utils: [],
  domain: ['utils'],
  validation: ['domain', 'utils'],
  emails: ['domain', 'utils'],
  models: ['domain', 'validation', 'utils'],
  mail: ['models', 'emails', 'domain', 'validation', 'utils'],
  services: ['mail', 'models', 'emails', 'domain', 'validation', 'utils'],
  api: ['services', 'models', 'domain', 'validation', 'utils'],
  jobs: ['services', 'mail', 'models', 'domain', 'validation', 'utils'],
  components: ['domain', 'validation', 'utils'],
  routes: ['components', 'services', 'api', 'models', 'domain', 'validation', 'utils'],
  root: ['components', 'services', 'domain', 'validation', 'utils'],
}

/** zod in code a page may load: through app/validation/zod.ts. */
const BROWSER_ZOD = {
  name: 'zod',
  allowTypeImports: true,
  message: "Import z from '~/validation/zod': it keeps zod's CSP-refused probe out of the browser.",
}

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'public/build/**',
      'bench/bare-remix/build/**',
      'bench/bare-remix/public/build/**',
      'node_modules/**',
      'data/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { react, 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      'react/prop-types': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'emails/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        ...Object.keys(LAYERS)
          .filter((type) => type !== 'root' && type !== 'emails')
          .map((type) => ({ type, partialMatch: false, pattern: `app/${type}/**` })),
        { type: 'emails', partialMatch: false, pattern: 'emails/**' },
        { type: 'root', partialMatch: false, pattern: 'app/*.{ts,tsx}' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            '{{from.element.type}} may not import {{to.element.type}} (docs/architecture.md)',
          policies: Object.entries(LAYERS).map(([from, allow]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { types: { anyOf: [from, ...allow] } } } },
          })),
        },
      ],
    },
  },
  {
    // What the browser bundle loads never reaches a server module, and gets
    // zod from app/validation/zod.ts (its browser settings: the CSP).
    files: ['app/components/**/*.{ts,tsx}', 'app/domain/**/*.ts', 'app/validation/**/*.ts'],
    ignores: ['app/validation/zod.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [BROWSER_ZOD],
          patterns: [
            {
              regex: '\\.server(\\.tsx?)?$',
              message: 'Server modules stay out of the browser bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/routes/**/*.tsx', 'app/root.tsx', 'app/entry.client.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [BROWSER_ZOD] }] },
  },
  {
    // A model changes rows; waking the jobs that follow is its service's step.
    files: ['app/models/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '~/utils/jobs.server',
              message: 'Models do not wake jobs: the service that calls them does.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.{js,cjs}'], languageOptions: { globals: globals.node } },
  // Scripts served as they are to other sites' pages (the embed's resizer).
  { files: ['public/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } },
)
