// The verb list, the parsers from card data to typed payloads, and that templates, views and handlers name
// the same verbs: a verb sent by a card but missing from the list (or handled but never sent) fails here.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import {
  CARD_VERBS,
  createCardVerbs,
  isCardVerb,
  SEALED_ACTION_VERB,
  parseAgentSubject,
  parseDevice,
  parseFailure,
  parseList,
  parsePage,
  parseQuery,
  parseReport,
} from '../../src/bot/card-verbs';

const ROOT = resolve(__dirname, '../..');
const DAAN = '4b3f8a51-0c2e-4d7a-9f16-2a8e5c1d9b70';

function files(dir: string, ending: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ending);
    return path.endsWith(ending) ? [path] : [];
  });
}

/** Every "verb" an Adaptive Card template names literally (a `${...}` verb is filled in by a view). */
function templateVerbs(): Set<string> {
  const verbs = new Set<string>();
  for (const file of files(join(ROOT, 'cards'), '.json')) {
    for (const match of readFileSync(file, 'utf8').matchAll(/"verb"\s*:\s*"([^"$]+)"/g))
      verbs.add(match[1] ?? '');
  }
  return verbs;
}

/** Every string literal the code gives something named like a verb (`verb`, `pickVerb`, `backVerb`, …); '' is no button. */
function codeVerbs(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files(join(ROOT, 'src'), '.ts')) {
    if (file.endsWith(join('bot', 'card-verbs.ts'))) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node)) {
        let at: ts.Node = node.parent;
        while (
          ts.isConditionalExpression(at) ||
          ts.isLiteralTypeNode(at) ||
          ts.isUnionTypeNode(at) ||
          ts.isParenthesizedExpression(at)
        )
          at = at.parent;
        const name =
          ts.isPropertyAssignment(at) || ts.isParameter(at) || ts.isVariableDeclaration(at)
            ? at.name.getText(source)
            : '';
        if (/verb$/i.test(name) && node.text !== '')
          found.set(node.text, `${file.slice(ROOT.length + 1)}:${name}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('card verbs', () => {
  it('handles exactly the verbs of the list, each once', () => {
    assert.equal(new Set(CARD_VERBS).size, CARD_VERBS.length);
    assert.deepEqual([...createCardVerbs().keys()], [...CARD_VERBS]);
  });

  it('every verb a template or a view sends is in the list', () => {
    const unknown = [...templateVerbs()].filter((v) => !isCardVerb(v)).map((v) => `cards: ${v}`);
    for (const [verb, where] of codeVerbs()) if (!isCardVerb(verb)) unknown.push(`${where}: ${verb}`);
    assert.deepEqual(unknown, []);
  });

  it('every verb in the list is sent by some template or view (no handler without a button)', () => {
    const sent = new Set([...templateVerbs(), ...codeVerbs().keys()]);
    assert.ok(sent.size > 20, 'the scan finds the verbs');
    assert.deepEqual(
      CARD_VERBS.filter((v) => !sent.has(v)),
      [],
    );
  });

  it('the sealed envelope of a shared placeholder is no verb of the list, and has no handler', () => {
    assert.equal(isCardVerb(SEALED_ACTION_VERB), false);
    assert.equal(createCardVerbs().get(SEALED_ACTION_VERB), undefined);
  });

  it('refuses verbs that are not in the list, including names every object has', () => {
    for (const name of ['does.not.exist', '', '__proto__', 'constructor', 'toString', 'DASHBOARD.OPEN']) {
      assert.equal(isCardVerb(name), false, name);
      assert.equal(createCardVerbs().get(name), undefined, name);
    }
  });

  describe('parsers', () => {
    it('a report needs a user id that is a GUID; Refresh only when it is true', () => {
      assert.deepEqual(parseReport({ userId: DAAN }), { userId: DAAN, refresh: false });
      assert.deepEqual(parseReport({ userId: DAAN, refresh: true }), { userId: DAAN, refresh: true });
      assert.deepEqual(parseReport({ userId: DAAN, refresh: 'true' }), { userId: DAAN, refresh: false });
      for (const userId of [
        undefined,
        null,
        42,
        'not-a-guid',
        "x' or 1 eq 1",
        `${DAAN}/managedDevices`,
        [DAAN],
        { id: DAAN },
      ])
        assert.equal(parseReport({ userId }), null, JSON.stringify(userId));
    });

    it('a page is a whole number (or its digits), anything else the first page; the filter is problems or all', () => {
      const pageOf = (page: unknown): number | undefined => parseList({ userId: DAAN, page })?.page;
      assert.equal(pageOf(2), 2);
      assert.equal(pageOf('3'), 3);
      assert.equal(pageOf(undefined), 0);
      assert.equal(pageOf(null), 0);
      assert.equal(pageOf('two'), 0);
      assert.equal(pageOf(1.5), 0);
      assert.equal(pageOf(-3), -3, 'the list clamps it to its own pages');
      assert.equal(parseList({ userId: DAAN, filter: 'problems' })?.filter, 'problems');
      assert.equal(parseList({ userId: DAAN, filter: 'everything' })?.filter, 'all');
      assert.equal(parseList({ userId: 'nope', page: 1 }), null);
      assert.deepEqual(parsePage({ page: '1' }), { page: 1 });
      assert.deepEqual(parsePage({ page: { n: 1 } }), { page: 0 });
    });

    it('a device or failure id that is not one becomes an id no row has; where it came from is read back', () => {
      assert.equal(parseDevice({ userId: DAAN, deviceId: 'd-1' })?.deviceId, 'd-1');
      for (const deviceId of [42, null, ['d-1'], 'x'.repeat(65)])
        assert.equal(parseDevice({ userId: DAAN, deviceId })?.deviceId, '', JSON.stringify(deviceId));
      assert.equal(parseFailure({ userId: DAAN, failureId: 7 })?.failureId, '');
      assert.deepEqual(
        parseFailure({ userId: DAAN, failureId: 'f-1', back: { verb: 'groups.open', page: 2 } })?.back,
        {
          verb: 'groups.open',
          params: { page: 2 },
        },
      );
      assert.equal(
        parseFailure({ userId: DAAN, failureId: 'f-1', back: { verb: 'case.claim' } })?.back.verb,
        'dashboard.open',
      );
      assert.equal(parseDevice({ deviceId: 'd-1' }), null, 'no user, no report');
    });

    it('agent-only verbs keep the id as text for the flow to judge after the role', () => {
      assert.deepEqual(parseAgentSubject({ userId: DAAN }), { userId: DAAN });
      assert.deepEqual(parseAgentSubject({ userId: 42 }), { userId: '' });
    });

    it('a typed name is trimmed text, and nothing when it is not text', () => {
      assert.deepEqual(parseQuery({ query: '  pieter ' }), { query: 'pieter' });
      assert.deepEqual(parseQuery({ query: 42 }), { query: '' });
      assert.deepEqual(parseQuery({}), { query: '' });
    });
  });
});
