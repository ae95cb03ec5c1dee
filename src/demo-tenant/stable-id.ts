import { createHash } from 'node:crypto';

// Ids are derived from a readable key instead of being random, so the demo tenant has the same ids on
// every start: the Teams Playground config, tests and screenshots can refer to them.

/** A GUID-shaped id (version-5 style bits) that is a pure function of `key`. */
export function stableGuid(key: string): string {
  const hex = createHash('sha1').update(`northwind-demo:${key}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
