import { GraphError } from './graph-error';
import type { JsonObject } from './json';

// Directory $search: clauses "property:text" in double quotes (backslash escapes `"` and `\`), joined
// by uppercase AND / OR outside the quotes. displayName is tokenized (each searched word must be the
// start of a word of the name); other properties match as a prefix. AND binds tighter than OR.

interface Clause {
  property: string;
  text: string;
}

function invalid(search: string): GraphError {
  return new GraphError(400, 'Request_UnsupportedQuery', `Syntax error: invalid $search query '${search}'.`);
}

/** Parse into OR-groups of AND-ed clauses. */
function parseSearch(search: string): Clause[][] {
  const groups: Clause[][] = [[]];
  let i = 0;
  let expectClause = true;
  while (i < search.length) {
    const ch = search.charAt(i);
    if (ch === ' ') {
      i++;
      continue;
    }
    if (expectClause) {
      if (ch !== '"') throw invalid(search);
      let body = '';
      i++;
      for (;;) {
        if (i >= search.length) throw invalid(search);
        const c = search.charAt(i);
        if (c === '\\') {
          const escaped = search.charAt(i + 1);
          if (escaped !== '"' && escaped !== '\\') throw invalid(search);
          body += escaped;
          i += 2;
          continue;
        }
        if (c === '"') {
          i++;
          break;
        }
        body += c;
        i++;
      }
      const colon = body.indexOf(':');
      if (colon <= 0) throw invalid(search);
      groups[groups.length - 1]?.push({ property: body.slice(0, colon), text: body.slice(colon + 1) });
      expectClause = false;
    } else {
      const word = /^(AND|OR)(?= )/.exec(search.slice(i));
      if (!word) throw invalid(search);
      if (word[1] === 'OR') groups.push([]);
      i += word[0].length;
      expectClause = true;
    }
  }
  if (expectClause) throw invalid(search);
  return groups;
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function clauseMatches(clause: Clause, entity: JsonObject, tokenized: ReadonlySet<string>): boolean {
  const value = entity[clause.property];
  if (typeof value !== 'string') return false;
  if (tokenized.has(clause.property)) {
    const nameWords = words(value);
    const searchWords = words(clause.text);
    return searchWords.length > 0 && searchWords.every((w) => nameWords.some((n) => n.startsWith(w)));
  }
  return fold(value).startsWith(fold(clause.text));
}

/** Compile a $search into a predicate; 400 for bad syntax or a property the collection does not index. */
export function compileSearch(
  search: string,
  searchable: ReadonlySet<string>,
  tokenized: ReadonlySet<string>,
): (entity: JsonObject) => boolean {
  const groups = parseSearch(search.trim());
  for (const clause of groups.flat()) {
    if (!searchable.has(clause.property)) {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        `This query is not supported: $search on property '${clause.property}'.`,
      );
    }
  }
  return (entity) =>
    groups.some((group) => group.every((clause) => clauseMatches(clause, entity, tokenized)));
}
