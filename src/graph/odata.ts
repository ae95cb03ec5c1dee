// The one place where user text enters a Graph URL. Everything typed by a person goes through these.

/** An OData `$filter` string literal, quotes included: single quotes are doubled (`'let''s meet'`). */
export function filterLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * One directory `$search` clause, `"property:text"`. Graph wants `"` and `\` inside the clause escaped with a
 * backslash; every other special character is percent-encoded with the whole query value (see `queryValue`).
 */
export function searchClause(property: string, text: string): string {
  return `"${property}:${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A path segment such as a UPN: `#` in guest UPNs (`#EXT#`) must travel as `%23`, `/` as `%2F`. */
export function pathSegment(text: string): string {
  return encodeURIComponent(text);
}

/** A query-option value (`$filter`, `$search`, …), percent-encoded so `&`, `#`, `+` and `?` stay data. */
export function queryValue(text: string): string {
  return encodeURIComponent(text);
}

/** `name=value&…` with each value percent-encoded; names are fixed OData option names. */
export function queryString(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}=${queryValue(value)}`)
    .join('&');
}
