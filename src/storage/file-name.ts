// Storage keys are free text (slashes, colons, unicode); file names are not. The mapping is injective
// and case-insensitive-safe, so two keys never share a file on Windows or macOS either.
import { createHash } from 'node:crypto';

/** Room for the temp-file prefix and suffix inside the usual 255-byte name limit. */
const MAX_ENCODED_LENGTH = 180;
const KEPT = /[a-z0-9-]/;

export function keyToFileName(key: string): string {
  let encoded = '';
  for (const char of key) {
    if (KEPT.test(char)) {
      encoded += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) encoded += `_${byte.toString(16).padStart(2, '0')}`;
  }
  if (encoded.length > MAX_ENCODED_LENGTH) {
    // '~' never appears in an encoded name, so a hashed name cannot equal a plain one.
    const digest = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 40);
    encoded = `${encoded.slice(0, MAX_ENCODED_LENGTH - 41)}~${digest}`;
  }
  return `${encoded}.json`;
}

/** The key of a plain (not hashed) file name; null for hashed names and names that are not ours. */
export function fileNameToKey(name: string): string | null {
  if (!name.endsWith('.json')) return null;
  const encoded = name.slice(0, -'.json'.length);
  if (!/^(?:[a-z0-9-]|_[0-9a-f]{2})*$/.test(encoded)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '_') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}
