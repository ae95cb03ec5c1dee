// The layering holds by tooling, not by review: the project's own ESLint config rejects an import that goes
// up a layer or brings an SDK into domain code, and src/ has no circular imports.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The src/ file a relative import names, or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate)) ?? null;
}

/** Each src/ file and the src/ files it imports (type-only imports count too). */
function importGraph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => [
      relative(ROOT, file),
      ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.map((i) => resolveImport(file, i.fileName))
        .filter((target): target is string => target !== null)
        .map((target) => relative(ROOT, target)),
    ]),
  );
}

/** Every import cycle, as the files it passes through. */
function importCycles(imports: Map<string, string[]>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'visiting');
    path.push(file);
    for (const target of imports.get(file) ?? []) {
      if (state.get(target) === 'visiting') cycles.push([...path.slice(path.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of imports.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

/** `code` as if it were `file` of src/, linted by the very rules `npm run lint` applies for the layers (without
 * the type-aware ones, which need the whole program). */
async function lintLayering(code: string, file: string): Promise<Linter.LintMessage[]> {
  const { layering } = (await import(pathToFileURL(join(ROOT, 'eslint.config.mjs')).href)) as {
    layering: Linter.Config[];
  };
  return new Linter({ cwd: ROOT }).verify(
    code,
    [{ languageOptions: { parser: tseslint.parser } }, ...layering],
    {
      filename: join(ROOT, file),
    },
  );
}

describe('layers', () => {
  it('src/ has no circular imports', () => {
    const graph = importGraph(sourceFiles(join(ROOT, 'src')));
    assert.ok(graph.size > 100, 'the graph covers src/');
    assert.deepEqual(importCycles(graph), []);
  });

  it('finds a circular import when there is one', () => {
    const graph = importGraph([
      join(ROOT, 'src/views/dashboard-view.ts'),
      join(ROOT, 'src/views/finding-row.ts'),
    ]);
    // As dashboard-view and list-views once did: each needs something of the other.
    graph.get('src/views/finding-row.ts')?.push('src/views/dashboard-view.ts');
    assert.deepEqual(importCycles(graph), [
      ['src/views/dashboard-view.ts', 'src/views/finding-row.ts', 'src/views/dashboard-view.ts'],
    ]);
  });

  it('npm run lint rejects an import up a layer and an SDK in domain code, and accepts one down', async () => {
    const code = [
      "import { HelpdeskBot } from '../bot/helpdesk-bot';",
      "import type { TurnContext } from 'botbuilder';",
      "import type { TroubleshootingReport } from './report';",
      'export type Uses = [typeof HelpdeskBot, TurnContext, TroubleshootingReport];',
      '',
    ].join('\n');
    const messages = await lintLayering(code, 'src/troubleshooting/diagnosis.ts');
    assert.deepEqual(
      messages.map((m) => [m.line, m.ruleId]),
      [
        [1, 'no-restricted-imports'],
        [2, 'no-restricted-imports'],
      ],
    );
    assert.match(
      messages[0]?.message ?? '',
      /troubleshooting may not import bot: imports go down the layers/,
    );
    assert.match(messages[1]?.message ?? '', /botbuilder is the Teams edge: only src\/bot\/ imports it/);
    // The same import is fine one layer up.
    const fromBot = await lintLayering(code, 'src/bot/helpdesk-bot.ts');
    assert.deepEqual(fromBot, []);
  });

  it('the area descriptors sit above graph and views: those may not import them, the bot may', async () => {
    const { layering } = (await import(pathToFileURL(join(ROOT, 'eslint.config.mjs')).href)) as {
      layering: Linter.Config[];
    };
    const linter = new Linter({ cwd: ROOT });
    const code = "import { AREAS } from '../areas';\nexport const areas = AREAS;\n";
    const lint = (file: string): string[] =>
      linter
        .verify(code, [{ languageOptions: { parser: tseslint.parser } }, ...layering], {
          filename: join(ROOT, file),
        })
        .map((m) => m.message.replace(/^.* is restricted from being used by a pattern\. /, ''));
    assert.deepEqual(lint('src/views/dashboard-view.ts'), [
      'views may not import areas: imports go down the layers (eslint.config.mjs).',
    ]);
    assert.deepEqual(lint('src/graph/graph-troubleshooting-source.ts'), [
      'graph may not import areas: imports go down the layers (eslint.config.mjs).',
    ]);
    assert.deepEqual(lint('src/troubleshooting/report.ts'), [
      'troubleshooting may not import areas: imports go down the layers (eslint.config.mjs).',
    ]);
    assert.deepEqual(lint('src/bot/card-verbs.ts'), []);
  });
});

describe('layers: flows and the presenter', () => {
  it('a flow may not import a view (flows return outcomes; the presenter makes the cards)', async () => {
    const code = [
      "import { messageCard } from '../views/message-view';",
      "import { present } from '../presenter/present';",
      'export const uses = [messageCard, present];',
      '',
    ].join('\n');
    const lint = (file: string) => lintLayering(code, file);
    const fromFlow = await lint('src/flows/troubleshoot-flow.ts');
    assert.deepEqual(
      fromFlow.map((m) => /flows may not import \w+/.exec(m.message)?.[0]),
      ['flows may not import views', 'flows may not import presenter'],
    );
    // The presenter is where the two meet, and the bot uses both.
    assert.deepEqual(await lint('src/presenter/refusals.ts'), []);
    assert.deepEqual(await lint('src/bot/card-verbs.ts'), []);
  });
});
