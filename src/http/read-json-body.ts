// The request body of /api/messages, read by hand: only identity-encoded application/json, and the limit
// counts the bytes that arrive, so nothing is decompressed or parsed that could have been refused first.
import type { IncomingMessage } from 'node:http';

export type BodyRefusal = { ok: false; status: 400 | 413 | 415; error: string };
export type BodyResult = { ok: true; body: unknown } | BodyRefusal;

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
}

/** Null when the headers allow reading the body; otherwise why not. */
export function refuseByHeaders(req: IncomingMessage, maxBytes: number): BodyRefusal | null {
  const encodings = header(req, 'content-encoding')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  if (encodings.some((e) => e !== 'identity')) {
    return {
      ok: false,
      status: 415,
      error: 'Content-Encoding is not supported; send the activity uncompressed.',
    };
  }
  const [mediaType = '', ...params] = header(req, 'content-type').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') {
    return { ok: false, status: 415, error: 'The body must be application/json.' };
  }
  for (const param of params) {
    const [name = '', value = ''] = param.split('=');
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (name.trim().toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') {
      return { ok: false, status: 415, error: 'The body must be UTF-8.' };
    }
  }
  const declared = header(req, 'content-length');
  if (declared !== '' && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) {
    return declared !== '' && !/^\d+$/.test(declared)
      ? { ok: false, status: 400, error: 'Content-Length is not a number.' }
      : { ok: false, status: 413, error: `The body is larger than ${maxBytes} bytes.` };
  }
  return null;
}

/** Reads at most `maxBytes` and stops at the first byte more; parses only then. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const refused = refuseByHeaders(req, maxBytes);
  if (refused) return refused;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    // The socket stays open after an early stop, so the 413 still reaches the sender.
    for await (const chunk of req.iterator({ destroyOnReturn: false })) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
      total += buffer.length;
      if (total > maxBytes) {
        return { ok: false, status: 413, error: `The body is larger than ${maxBytes} bytes.` };
      }
      chunks.push(buffer);
    }
  } catch {
    return { ok: false, status: 400, error: 'The body could not be read.' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, total));
  } catch {
    return { ok: false, status: 400, error: 'The body is not valid UTF-8.' };
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'The body is not valid JSON.' };
  }
}
