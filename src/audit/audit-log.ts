// Who looked up whom, when, from which conversation, and what came of it. Ids and outcomes only: no
// device data, no Graph payloads, no tokens.

export type AuditOutcome = 'shown' | 'denied' | 'notFound' | 'ambiguous' | 'invalid' | 'failed';

export interface AuditEntry {
  time: string;
  requesterId: string | null;
  requesterName: string;
  tenantId: string | null;
  /** The person looked at, when known (an Entra object id). */
  targetId: string | null;
  /**
   * What was typed when the target was refused before it was looked up (a non-agent naming someone):
   * resolving it would itself be the lookup, so the text is kept and matched when that person is audited.
   */
  targetQuery?: string | null;
  /** The command or card verb, e.g. `troubleshoot` or `failure.open`. */
  action: string;
  conversationId: string;
  conversationKind: 'personal' | 'groupChat' | 'channel';
  outcome: AuditOutcome;
}

/** The person an audit is about: their object id, and the names people may type for them. */
export interface AuditSubject {
  id: string;
  /** UPN, mail, display name: typed queries that name one of these count as attempts on this person. */
  names: readonly string[];
}

export interface AuditLog {
  /** Throws when the entry could not be stored; callers must not show what it was about. */
  record(entry: AuditEntry): Promise<void>;
  /** The newest entries about one person (by id or by a typed name of theirs), newest first. */
  findBySubject(subject: AuditSubject, limit: number): Promise<AuditEntry[]>;
}

/** How long entries are kept when AUDIT_RETENTION_DAYS is not set. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

const MIN_QUERY_MATCH = 3;

/** True when the entry is about the subject: its id, or a typed query that names them. */
export function isAbout(entry: AuditEntry, subject: AuditSubject): boolean {
  if (entry.targetId?.toLowerCase() === subject.id.toLowerCase()) return true;
  const query = entry.targetQuery?.trim().toLowerCase();
  if (!query || entry.targetId) return false;
  return subject.names.some((name) => {
    const n = name.toLowerCase();
    return n === query || (query.length >= MIN_QUERY_MATCH && n.startsWith(query));
  });
}

/** The UTC day of an ISO time, `YYYY-MM-DD`. */
export function dayOf(time: string): string {
  return time.slice(0, 10);
}

export interface AuditLogOptions {
  retentionDays?: number;
  now?: () => Date;
}

/**
 * How long a trail keeps entries, and its clean-up, run at most once a UTC day after an entry is written;
 * a failed clean-up is tried again on the next record.
 */
export class Retention {
  private readonly days: number;
  private readonly now: () => Date;
  private doneFor: string | null = null;

  constructor(
    options: AuditLogOptions,
    /** Removes what lies before `keepFrom` (a day, `YYYY-MM-DD`). */
    private readonly prune: (keepFrom: string) => Promise<void>,
  ) {
    this.days = options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
    this.now = options.now ?? (() => new Date());
  }

  async afterRecord(): Promise<void> {
    const today = dayOf(this.now().toISOString());
    if (this.doneFor === today) return;
    this.doneFor = today;
    await this.prune(firstKeptDay(this.now(), this.days)).catch(() => {
      this.doneFor = null;
    });
  }
}

/** The first day still kept: entries of days before it are removed. */
export function firstKeptDay(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The newest entries about the subject, read from a trail's stored lines given newest first, stopping at the
 * limit so a long trail is not read to its end.
 */
export async function newestAbout(
  linesNewestFirst: AsyncIterable<string>,
  subject: AuditSubject,
  limit: number,
): Promise<AuditEntry[]> {
  const found: AuditEntry[] = [];
  for await (const line of linesNewestFirst) {
    const entry = parseEntry(line);
    if (entry && isAbout(entry, subject)) found.push(entry);
    if (found.length >= limit) break;
  }
  return found;
}

/** Parses one stored line; null for a line cut short by a crash or not an entry. */
export function parseEntry(line: string): AuditEntry | null {
  try {
    const entry = JSON.parse(line) as unknown;
    return entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? (entry as AuditEntry)
      : null;
  } catch {
    return null;
  }
}
