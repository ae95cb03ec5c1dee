// Every string a user reads comes from locales/<lng>/*.json: both languages must have the same keys, the
// same placeholders, and every key the code asks for.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR } from '../src/i18n';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function flatten(value: Json, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    out.set(prefix, value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n'));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, String(value));
  }
  return out;
}

function load(lng: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const file of readdirSync(join(LOCALES_DIR, lng)).filter((f) => f.endsWith('.json'))) {
    const ns = file.replace(/\.json$/, '');
    for (const [key, text] of flatten(
      JSON.parse(readFileSync(join(LOCALES_DIR, lng, file), 'utf8')) as Json,
    )) {
      all.set(`${ns}:${key}`, text);
    }
  }
  return all;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('locales', () => {
  const en = load('en');
  const nl = load('nl');

  it('English and Dutch have exactly the same keys', () => {
    assert.deepEqual(
      [...nl.keys()].filter((k) => !en.has(k)),
      [],
      'only in Dutch',
    );
    assert.deepEqual(
      [...en.keys()].filter((k) => !nl.has(k)),
      [],
      'only in English',
    );
  });

  it('every text is non-empty and uses the same placeholders in both languages', () => {
    for (const [key, text] of en) {
      const dutch = nl.get(key) ?? '';
      if (key.endsWith('Title') && /\{\{title\}\}/.test(text)) continue;
      assert.ok(text.trim() !== '' || key.endsWith('plain'), `empty English text for ${key}`);
      assert.deepEqual(placeholders(dutch), placeholders(text), `placeholders of ${key}`);
    }
  });

  it('every key the code asks for by its literal name exists', () => {
    const root = join(LOCALES_DIR, '..', 'src');
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/\bt\('(?:([a-z]+):)?([a-zA-Z]+(?:\.[a-zA-Z]+)+)'/g)) {
        const key = `${match[1] ?? 'common'}:${match[2]!}`;
        const plural = [...en.keys()].some((k) => k.startsWith(`${key}_`));
        if (!en.has(key) && !plural) missing.push(`${file.slice(root.length + 1)}: ${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
