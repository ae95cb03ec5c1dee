import { GraphError, unsupportedQuery } from './graph-error';
import type { JsonObject } from './json';

// A deliberately small $filter: `eq`, `in`, `startswith()`, `and`, `or` and parentheses over the
// properties a collection allows. Anything else gets 400, so a bot that sends a filter the demo does
// not understand finds out at once instead of getting a silently wrong answer.

type Literal = string | boolean | null;

type Node =
  | { kind: 'or' | 'and'; left: Node; right: Node }
  | { kind: 'eq'; property: string; value: Literal }
  | { kind: 'in'; property: string; values: Literal[] }
  | { kind: 'startswith'; property: string; prefix: string };

type Token =
  | { type: 'string'; value: string }
  | { type: 'word'; value: string }
  | { type: 'punct'; value: '(' | ')' | ',' };

function invalid(filter: string, detail: string): GraphError {
  return new GraphError(400, 'BadRequest', `Invalid filter clause: ${detail} in '${filter}'.`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const ch = filter.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'punct', value: ch });
      i++;
    } else if (ch === "'") {
      // OData string literal: a quote inside is written as two quotes.
      let value = '';
      i++;
      for (;;) {
        if (i >= filter.length) throw invalid(filter, 'unterminated string literal');
        const c = filter.charAt(i);
        if (c === "'") {
          if (filter.charAt(i + 1) === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      tokens.push({ type: 'string', value });
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_./]*/.exec(filter.slice(i));
      if (!match) throw invalid(filter, `unexpected character '${ch}'`);
      tokens.push({ type: 'word', value: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly filter: string,
  ) {}

  parse(): Node {
    const node = this.orExpression();
    if (this.position < this.tokens.length) throw invalid(this.filter, 'unexpected trailing text');
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw invalid(this.filter, 'unexpected end of expression');
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token?.type === 'word' && token.value.toLowerCase() === word;
  }

  private expectPunct(value: '(' | ')' | ','): void {
    const token = this.next();
    if (token.type !== 'punct' || token.value !== value) throw invalid(this.filter, `expected '${value}'`);
  }

  private orExpression(): Node {
    return this.chain('or', () => this.andExpression());
  }

  private andExpression(): Node {
    return this.chain('and', () => this.primary());
  }

  /** Operands joined by `operator`, grouped from the left: `a or b or c` is `(a or b) or c`. */
  private chain(operator: 'or' | 'and', operand: () => Node): Node {
    let left = operand();
    while (this.isWord(operator)) {
      this.position++;
      left = { kind: operator, left, right: operand() };
    }
    return left;
  }

  private literal(): Literal {
    const token = this.next();
    if (token.type === 'string') return token.value;
    if (token.type === 'word' && ['true', 'false', 'null'].includes(token.value)) {
      return token.value === 'null' ? null : token.value === 'true';
    }
    throw invalid(this.filter, 'expected a literal');
  }

  private primary(): Node {
    const token = this.next();
    if (token.type === 'punct' && token.value === '(') {
      const inner = this.orExpression();
      this.expectPunct(')');
      return inner;
    }
    if (token.type !== 'word') throw invalid(this.filter, 'expected a property or function');
    if (token.value.toLowerCase() === 'startswith') {
      this.expectPunct('(');
      const property = this.next();
      if (property.type !== 'word') throw invalid(this.filter, 'expected a property name');
      this.expectPunct(',');
      const prefix = this.literal();
      if (typeof prefix !== 'string') throw invalid(this.filter, 'startswith needs a string');
      this.expectPunct(')');
      return { kind: 'startswith', property: property.value, prefix };
    }
    const operator = this.next();
    if (operator.type !== 'word') throw invalid(this.filter, 'expected an operator');
    switch (operator.value) {
      case 'eq':
        return { kind: 'eq', property: token.value, value: this.literal() };
      case 'in': {
        this.expectPunct('(');
        const values = [this.literal()];
        while (this.peek()?.type === 'punct' && this.peek()?.value === ',') {
          this.position++;
          values.push(this.literal());
        }
        this.expectPunct(')');
        return { kind: 'in', property: token.value, values };
      }
      default:
        throw unsupportedQuery(
          `Unsupported or invalid query filter clause specified: operator '${operator.value}'.`,
        );
    }
  }
}

function same(actual: unknown, expected: Literal): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') {
    // Directory string comparisons (UPN, mail, ids) are case-insensitive in Graph.
    return actual.toLowerCase() === expected.toLowerCase();
  }
  return (actual ?? null) === expected;
}

function evaluate(node: Node, entity: JsonObject): boolean {
  switch (node.kind) {
    case 'or':
      return evaluate(node.left, entity) || evaluate(node.right, entity);
    case 'and':
      return evaluate(node.left, entity) && evaluate(node.right, entity);
    case 'eq':
      return same(entity[node.property], node.value);
    case 'in':
      return node.values.some((value) => same(entity[node.property], value));
    case 'startswith': {
      const actual = entity[node.property];
      return typeof actual === 'string' && actual.toLowerCase().startsWith(node.prefix.toLowerCase());
    }
  }
}

function checkProperties(node: Node, allowed: ReadonlySet<string>, resource: string): void {
  if ('left' in node) {
    checkProperties(node.left, allowed, resource);
    checkProperties(node.right, allowed, resource);
  } else if (!allowed.has(node.property)) {
    throw unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${node.property}' of resource '${resource}'.`,
    );
  }
}

/** Compile a $filter into a predicate over the collection's entities; 400 for what the demo does not know. */
export function compileFilter(
  filter: string,
  allowedProperties: ReadonlySet<string>,
  resource: string,
): (entity: JsonObject) => boolean {
  const node = new Parser(tokenize(filter), filter).parse();
  checkProperties(node, allowedProperties, resource);
  return (entity) => evaluate(node, entity);
}
