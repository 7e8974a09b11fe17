import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'net',
  'child_process',
  'worker_threads',
  'crypto',
  'stream',
];

// The layer rules of the design, enforced: each folder may only import what sits below it.
const layerRules = [
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/host/**', '**/electron/**', '**/renderer/**', 'electron'],
              message: 'engine/ is a library: it imports nothing from host/, electron/ or renderer/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', '**/electron/**', '**/renderer/**'],
              message: 'host/ never imports electron or renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['host/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'host/api/ is shared with the renderer: no Node built-ins.' },
            {
              group: ['electron', '**/engine/**', '**/electron/**', '**/renderer/**'],
              message: 'host/api/ is the contract: it depends on zod only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'renderer/ runs in the browser: no Node built-ins.' },
            {
              group: ['electron', '**/engine/**', '**/electron/**'],
              message: 'renderer/ talks to the Api object only.',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'out/**', '.cache/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        WebSocket: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  ...layerRules,
  {
    // The renderer's code is type-checked by vue-tsc with the DOM library, which knows every
    // browser global and type (HTMLElement, KeyboardEvent, ...); core no-undef does not.
    files: ['renderer/**/*.ts', 'renderer/**/*.vue', 'test/renderer/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
);
