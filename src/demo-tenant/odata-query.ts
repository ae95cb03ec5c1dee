import { GraphError } from './graph-error';

// The system query options of one request, parsed once. Graph accepts the options with or without the
// `$` prefix and in any case; values are percent-decoded ('+' is a space, as in Graph's own examples).

export interface ODataQuery {
  /** The query string as received (still encoded), without the leading '?'. */
  raw: string;
  /** The decoded query, for the request log. */
  decoded: string;
  select: string[] | null;
  expand: string[] | null;
  top: number | null;
  count: boolean;
  skiptoken: string | null;
  filter: string | null;
  search: string | null;
  orderby: { property: string; descending: boolean } | null;
}

const KNOWN_OPTIONS = new Set([
  'select',
  'expand',
  'top',
  'count',
  'skiptoken',
  'filter',
  'search',
  'orderby',
]);

export function decodeQueryComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new GraphError(400, 'BadRequest', `Invalid URL encoding in '${text}'.`);
  }
}

function splitPairs(raw: string): { key: string; value: string; rawPair: string }[] {
  return raw
    .split('&')
    .filter((pair) => pair !== '')
    .map((rawPair) => {
      const eq = rawPair.indexOf('=');
      const key = decodeQueryComponent(eq === -1 ? rawPair : rawPair.slice(0, eq));
      const value = eq === -1 ? '' : decodeQueryComponent(rawPair.slice(eq + 1));
      return { key, value, rawPair };
    });
}

function optionName(key: string): string | null {
  const name = key.replace(/^\$/, '').toLowerCase();
  return KNOWN_OPTIONS.has(name) ? name : key.startsWith('$') ? name : null;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function parseQuery(raw: string): ODataQuery {
  const query: ODataQuery = {
    raw,
    decoded: '',
    select: null,
    expand: null,
    top: null,
    count: false,
    skiptoken: null,
    filter: null,
    search: null,
    orderby: null,
  };
  const pairs = splitPairs(raw);
  query.decoded = pairs.map((p) => (p.value === '' ? p.key : `${p.key}=${p.value}`)).join('&');
  for (const { key, value } of pairs) {
    const name = optionName(key);
    if (name === null) continue; // not a system query option: Graph ignores custom parameters too
    switch (name) {
      case 'select':
        query.select = list(value);
        break;
      case 'expand':
        query.expand = list(value);
        break;
      case 'top': {
        const top = Number(value);
        if (!Number.isInteger(top) || top < 0) {
          throw new GraphError(400, 'BadRequest', `Invalid value '${value}' for query option '$top'.`);
        }
        query.top = top;
        break;
      }
      case 'count':
        if (value !== 'true' && value !== 'false') {
          throw new GraphError(400, 'BadRequest', `Invalid value '${value}' for query option '$count'.`);
        }
        query.count = value === 'true';
        break;
      case 'skiptoken':
        query.skiptoken = value;
        break;
      case 'filter':
        query.filter = value;
        break;
      case 'search':
        query.search = value;
        break;
      case 'orderby': {
        const [property = '', direction = 'asc'] = value.trim().split(/\s+/);
        query.orderby = { property, descending: direction.toLowerCase() === 'desc' };
        break;
      }
      default:
        throw new GraphError(400, 'BadRequest', `Query option '$${name}' is not supported.`);
    }
  }
  return query;
}

/** The raw query string with any $skiptoken removed, to build the next page's link from. */
export function rawQueryWithoutSkiptoken(raw: string): string {
  return splitPairs(raw)
    .filter((p) => optionName(p.key) !== 'skiptoken')
    .map((p) => p.rawPair)
    .join('&');
}
