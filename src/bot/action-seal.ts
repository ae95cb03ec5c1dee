// A result card shared in a channel or group chat is a placeholder that Teams refreshes into the real card for
// its requester only. Every member receives the placeholder's JSON, so the action that recreates the result
// (whose dashboard, whose audit trail) travels sealed: AES-256-GCM under a key all instances share through
// storage. The bot opens it again; a member reading the card sees only ciphertext.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DocumentStorage } from '../storage';

const KEY_DOCUMENT = 'secrets/action-seal';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Longest sealed text accepted back from a card: a recreate action is small; anything longer is forged. */
const MAX_SEALED_LENGTH = 2048;

export interface SealedAction {
  verb: string;
  data: Record<string, string>;
}

export class ActionSeal {
  private constructor(private readonly key: Buffer) {}

  /** The shared key from storage, created by whichever instance starts first. */
  static async load(storage: DocumentStorage): Promise<ActionSeal> {
    await storage.create(KEY_DOCUMENT, { key: randomBytes(32).toString('base64') });
    const stored = (await storage.read([KEY_DOCUMENT]))[KEY_DOCUMENT]?.key;
    const key = typeof stored === 'string' ? Buffer.from(stored, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) throw new Error(`The document ${KEY_DOCUMENT} does not hold a 256-bit key`);
    return new ActionSeal(key);
  }

  /** A key of this process only (tests; a key that need not outlive the process). */
  static ephemeral(): ActionSeal {
    return new ActionSeal(randomBytes(32));
  }

  seal(action: SealedAction): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(action), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The action, or null for anything not sealed by this key (tampered, truncated, forged, wrong type). */
  open(sealed: unknown): SealedAction | null {
    if (typeof sealed !== 'string' || sealed.length > MAX_SEALED_LENGTH) return null;
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      return asSealedAction(JSON.parse(text) as unknown);
    } catch {
      return null;
    }
  }
}

function asSealedAction(value: unknown): SealedAction | null {
  if (value === null || typeof value !== 'object') return null;
  const { verb, data } = value as { verb?: unknown; data?: unknown };
  if (typeof verb !== 'string' || data === null || typeof data !== 'object' || Array.isArray(data))
    return null;
  const entries = Object.entries(data);
  if (!entries.every(([, v]) => typeof v === 'string')) return null;
  return { verb, data: Object.fromEntries(entries) };
}
