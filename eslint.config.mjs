import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers of src/, top to bottom. Calls go down: server → bot → presenter → flows → areas → the domain
// (troubleshooting, escalations, views, access, commands, audit); flows return data and never import a view
// (the presenter turns their outcomes into cards); graph and telemetry are adapters that implement the domain's
// ports (they import its types, the domain never imports them); storage and the shared folders are the floor.
// areas/ holds one descriptor per report area, which declares its Graph reading and its views together: it may
// import graph, views and the domain, and only bot, presenter, flows and the composition root import it (graph is handed
// the descriptors' readings, views the dashboard rows).
// Each part lists the folders above it, which it may not import; each SDK names the folders that may use it.
// For example `npm run lint` rejects, in src/troubleshooting/diagnosis.ts,
//   import { HelpdeskBot } from '../bot/helpdesk-bot';   → "troubleshooting may not import bot: …"
//   import type { TurnContext } from 'botbuilder';       → "botbuilder is the Teams edge: only src/bot/ …"
// and, in src/views/dashboard-view.ts, import { AREAS } from '../areas';  → "views may not import areas: …"
// (test/architecture/layers.test.ts lints those two lines with `layering` and expects both messages).
const COMPOSITION = ['app', 'playground', 'demo-tenant'];
const EDGE = ['server', 'http'];
const DOMAIN = ['troubleshooting', 'escalations', 'views', 'access', 'commands', 'audit'];
const ADAPTERS = ['graph', 'telemetry'];
const PARTS = [
  { name: 'composition', folders: ['index', 'app'], above: [] },
  {
    name: 'playground',
    folders: ['playground'],
    above: ['app', ...EDGE, 'bot', 'presenter', 'flows', 'areas', ...DOMAIN, ...ADAPTERS],
  },
  {
    name: 'demo-tenant',
    folders: ['demo-tenant'],
    above: [
      'app',
      'playground',
      ...EDGE,
      'bot',
      'presenter',
      'flows',
      'areas',
      ...ADAPTERS,
      'storage',
      'views',
      'escalations',
      'access',
      'commands',
      'audit',
    ],
  },
  {
    name: 'server',
    folders: EDGE,
    above: [...COMPOSITION, 'presenter', 'flows', 'areas', ...DOMAIN, ...ADAPTERS, 'storage'],
  },
  { name: 'bot', folders: ['bot'], above: [...COMPOSITION, ...EDGE] },
  { name: 'presenter', folders: ['presenter'], above: [...COMPOSITION, ...EDGE, 'bot'] },
  { name: 'flows', folders: ['flows'], above: [...COMPOSITION, ...EDGE, 'bot', 'presenter', 'views'] },
  { name: 'areas', folders: ['areas'], above: [...COMPOSITION, ...EDGE, 'bot', 'presenter', 'flows'] },
  {
    name: 'domain',
    folders: DOMAIN,
    above: [...COMPOSITION, ...EDGE, 'bot', 'presenter', 'flows', 'areas', ...ADAPTERS],
  },
  {
    name: 'adapters',
    folders: ADAPTERS,
    above: [
      ...COMPOSITION,
      ...EDGE,
      'bot',
      'presenter',
      'flows',
      'areas',
      'views',
      'escalations',
      'commands',
      'audit',
    ],
  },
  {
    name: 'floor',
    folders: ['storage', 'config', 'i18n', 'logging', 'ids', 'caching', 'concurrency', 'paths'],
    above: [...COMPOSITION, ...EDGE, 'bot', 'presenter', 'flows', 'areas', ...DOMAIN, 'graph'],
  },
];
/** Each SDK and the folders of src/ that may import it. */
const SDKS = [
  {
    regex: '^(botbuilder|botframework-)',
    folders: ['bot'],
    what: "botbuilder is the Teams edge: only src/bot/ imports it; pass the project's own types (Storage, ConversationReference) across",
  },
  {
    regex: '^@microsoft/microsoft-graph-client',
    folders: ['graph'],
    what: 'only src/graph/ speaks to Graph',
  },
  {
    regex: '^@azure/identity',
    folders: ['app', 'graph'],
    what: 'credentials are built in src/graph/ and wired in src/app.ts',
  },
  {
    regex: '^@azure/storage-blob',
    folders: ['app', 'storage', 'audit'],
    what: 'Azure Blob is reached through src/storage/ (and the audit trail, which keeps its own blobs)',
  },
  { regex: '^restify', folders: ['app', 'server', 'http'], what: "HTTP is the server's business" },
];
/** The import specifiers that reach `folder` of src/ from a file at src/'s root, or from inside a folder. */
const reaching = (folder, fromRoot) => (fromRoot ? `^\\./${folder}(/|$)` : `^(\\.\\./)+${folder}(/|$)`);
export const layering = PARTS.flatMap((part) =>
  part.folders.flatMap((own) =>
    [true, false].map((fromRoot) => ({
      files: [fromRoot ? `src/${own}.ts` : `src/${own}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ...part.above.map((folder) => ({
                regex: reaching(folder, fromRoot),
                message: `${own} may not import ${folder}: imports go down the layers (eslint.config.mjs).`,
              })),
              ...SDKS.filter((sdk) => !sdk.folders.includes(own)).map((sdk) => ({
                regex: sdk.regex,
                message: `${sdk.what}.`,
              })),
            ],
          },
        ],
      },
    })),
  ),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-artifacts/**',
      'build/**',
      '.data/**',
      '*.mjs',
      'test/support/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...layering,
);
