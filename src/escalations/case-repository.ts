// Cases on the Storage port. Every change is read → pure transition → write-if-eTag-matches, re-applied on
// a lost race, so two agents claiming together end with one owner and one refusal naming that owner.
//
// The open-case index is a superset of the open cases: an id is added before a case becomes open and
// removed after it is resolved, and listing reads the cases themselves, so a crash between the two writes
// can leave an extra entry (dropped on a later list) but never hide an open case.
import { randomInt } from 'node:crypto';
import type { Storage } from 'botbuilder';
import {
  backOff,
  ConcurrentUpdateError,
  DEFAULT_UPDATE_ATTEMPTS,
  isETagConflict,
  readVersioned,
  updateDocument,
} from '../storage';
import {
  caseAgeMs,
  openCase,
  type CasePerson,
  type CaseRefusal,
  type CaseRequester,
  type CaseSeverity,
  type CaseState,
  type CaseSubject,
  type CaseTopic,
  type CaseTransition,
  type EscalationCase,
  type NewCaseInput,
} from './case-workflow';

export type UpdateOutcome =
  | { ok: true; case: EscalationCase; previous: EscalationCase }
  | { ok: false; reason: 'notFound'; id: string }
  /** The transition refused; `case` is the current case it refused against. */
  | (CaseRefusal & { case: EscalationCase });

export interface OpenCaseSummary {
  id: string;
  topic: CaseTopic;
  severity: CaseSeverity;
  state: Exclude<CaseState, 'resolved'>;
  reason: string;
  subject: CaseSubject;
  requester: CaseRequester;
  owner: CasePerson | null;
  createdAt: string;
  updatedAt: string;
  ageMs: number;
}

export interface OpenCaseQuery {
  now: Date;
  /** Zero-based. */
  page?: number;
  pageSize?: number;
  topic?: CaseTopic;
}

export interface OpenCasePage {
  items: OpenCaseSummary[];
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface CaseRepositoryOptions {
  /** Prefix of every key this repository writes; lets tests and tenants share one store. */
  keyPrefix?: string;
  attempts?: number;
  /** Index upkeep that failed after the case itself was written (the case is still right). */
  onIndexError?: (error: unknown, caseId: string) => void;
  /** Source of case ids; the default is `HD-` and six random characters. */
  newId?: () => string;
}

interface IndexEntry {
  /** The case revision this entry was written for; an older removal never deletes a newer entry. */
  revision: number;
  addedAt: string;
}

interface OpenIndex {
  entries: Record<string, IndexEntry>;
}

/** Crockford's base32: no I, L, O or U, so an id read aloud or retyped is unambiguous. */
const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_PATTERN = /^HD-[0-9A-HJKMNP-TV-Z]{6}$/;
const MAX_ID_TRIES = 10;
/** An index entry with no case behind it this long after it was added is a crashed create, not one in flight. */
const ORPHAN_ENTRY_MS = 10 * 60_000;
const READ_CHUNK = 100;
const SEVERITY_RANK: Record<CaseSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function newCaseId(): string {
  let id = 'HD-';
  for (let i = 0; i < 6; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)] ?? '0';
  return id;
}

/** Case ids as typed by people: any case, surrounding spaces, or without the HD- prefix. */
export function normaliseCaseId(text: string): string | null {
  const upper = text.trim().toUpperCase();
  const id = upper.startsWith('HD-') ? upper : `HD-${upper}`;
  return ID_PATTERN.test(id) ? id : null;
}

export class CaseRepository {
  private readonly prefix: string;
  private readonly attempts: number;
  private readonly newId: () => string;
  private readonly onIndexError: (error: unknown, caseId: string) => void;

  constructor(
    private readonly storage: Storage,
    options: CaseRepositoryOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'escalations/';
    this.attempts = options.attempts ?? DEFAULT_UPDATE_ATTEMPTS;
    this.newId = options.newId ?? newCaseId;
    // Without a hook a failed removal is left for listOpen, which prunes entries of resolved cases.
    this.onIndexError = options.onIndexError ?? (() => undefined);
  }

  private indexReady: Promise<void> | null = null;

  private caseKey(id: string): string {
    return `${this.prefix}cases/${id}`;
  }

  private get indexKey(): string {
    return `${this.prefix}open-cases`;
  }

  async create(input: NewCaseInput, now: Date): Promise<EscalationCase> {
    for (let tries = 0; tries < MAX_ID_TRIES; tries++) {
      const id = this.newId();
      if ((await readVersioned(this.storage, this.caseKey(id))) !== null) continue;
      // The index entry doubles as the id reservation: of two creators drawing the same id, one finds it taken.
      const reserved = await this.addToIndex(id, 1, now.toISOString());
      if (!reserved) continue;
      const created = openCase(input, id, now);
      await this.storage.write({ [this.caseKey(id)]: { ...created, eTag: '*' } });
      return created;
    }
    throw new Error(`Escalations: no free case id after ${MAX_ID_TRIES} tries`);
  }

  async get(id: string): Promise<EscalationCase | null> {
    return (await readVersioned<EscalationCase>(this.storage, this.caseKey(id)))?.value ?? null;
  }

  /**
   * Applies `transition` to the stored case and writes it only if nobody changed the case meanwhile; after a
   * lost race it re-reads and re-applies, so the outcome always reflects the latest case. Throws
   * ConcurrentUpdateError when every attempt lost.
   */
  async update(id: string, transition: CaseTransition): Promise<UpdateOutcome> {
    const key = this.caseKey(id);
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const stored = await readVersioned<EscalationCase>(this.storage, key);
      if (stored === null) return { ok: false, reason: 'notFound', id };
      const previous = stored.value;
      const result = transition(previous);
      if (!result.ok) return { ...result, case: previous };
      const next = result.case;
      if (next.id !== previous.id || next.revision <= previous.revision) {
        throw new Error(`Escalations: a transition must keep the id and advance the revision of ${id}`);
      }
      const reopening = previous.state === 'resolved' && next.state !== 'resolved';
      const resolving = previous.state !== 'resolved' && next.state === 'resolved';
      if (reopening) await this.addToIndex(id, next.revision, next.updatedAt);
      try {
        await this.storage.write({ [key]: { ...next, eTag: stored.eTag } });
      } catch (error) {
        if (!isETagConflict(error)) throw error;
        await backOff(attempt);
        continue;
      }
      if (resolving) await this.removeFromIndex(id, next.revision);
      return { ok: true, case: next, previous };
    }
    throw new ConcurrentUpdateError(key, this.attempts);
  }

  /** Open and claimed cases, most severe first, then oldest first. */
  async listOpen(query: OpenCaseQuery): Promise<OpenCasePage> {
    const pageSize = Math.max(1, Math.floor(query.pageSize ?? 10));
    const page = Math.max(0, Math.floor(query.page ?? 0));
    const index = await readVersioned<OpenIndex>(this.storage, this.indexKey);
    const entries = Object.entries(index?.value.entries ?? {});

    const open: EscalationCase[] = [];
    const stale: { id: string; revision: number }[] = [];
    for (let i = 0; i < entries.length; i += READ_CHUNK) {
      const chunk = entries.slice(i, i + READ_CHUNK);
      const items = await this.storage.read(chunk.map(([id]) => this.caseKey(id)));
      for (const [id, entry] of chunk) {
        const found = items[this.caseKey(id)] as EscalationCase | undefined;
        if (found && found.state !== 'resolved') open.push(found);
        else if (found && found.revision >= entry.revision) stale.push({ id, revision: found.revision });
        else if (!found && query.now.getTime() - new Date(entry.addedAt).getTime() > ORPHAN_ENTRY_MS) {
          stale.push({ id, revision: entry.revision });
        }
      }
    }
    if (stale.length > 0) await this.pruneIndex(stale);

    const matching = open
      .filter((c) => query.topic === undefined || c.topic === query.topic)
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          a.createdAt.localeCompare(b.createdAt) ||
          a.id.localeCompare(b.id),
      );
    const items = matching.slice(page * pageSize, (page + 1) * pageSize).map((c) => summarise(c, query.now));
    return {
      items,
      page,
      pageSize,
      total: matching.length,
      pageCount: Math.ceil(matching.length / pageSize),
    };
  }

  /**
   * The Storage port has no create-only write, so a missing index is created once per instance before any
   * conditional update; otherwise two first-ever creates would both write it with '*' and one entry would be
   * lost. (Two instances starting on an empty store in the same milliseconds remain the one window.)
   */
  private ensureIndex(): Promise<void> {
    this.indexReady ??= (async () => {
      if ((await readVersioned(this.storage, this.indexKey)) !== null) return;
      const empty: OpenIndex = { entries: {} };
      await this.storage.write({ [this.indexKey]: { ...empty, eTag: '*' } });
    })().catch((error: unknown) => {
      this.indexReady = null;
      throw error;
    });
    return this.indexReady;
  }

  /** False when the id is already in the index (taken by another case). */
  private async addToIndex(id: string, revision: number, addedAt: string): Promise<boolean> {
    await this.ensureIndex();
    return updateDocument<OpenIndex, boolean>(
      this.storage,
      this.indexKey,
      (current) => {
        const entries = current?.entries ?? {};
        const existing = entries[id];
        if (revision === 1 && existing) return { result: false };
        if (existing && existing.revision >= revision) return { result: true };
        return { write: { entries: { ...entries, [id]: { revision, addedAt } } }, result: true };
      },
      { attempts: this.attempts },
    );
  }

  private async removeFromIndex(id: string, revision: number): Promise<void> {
    try {
      await this.pruneIndex([{ id, revision }]);
    } catch (error) {
      this.onIndexError(error, id);
    }
  }

  private pruneIndex(removals: { id: string; revision: number }[]): Promise<void> {
    return updateDocument<OpenIndex, void>(
      this.storage,
      this.indexKey,
      (current) => {
        if (current === null) return { result: undefined };
        const entries = { ...current.entries };
        let changed = false;
        for (const { id, revision } of removals) {
          const entry = entries[id];
          // A reopen that raced ahead wrote a newer entry; that one stays.
          if (entry && entry.revision <= revision) {
            delete entries[id];
            changed = true;
          }
        }
        return changed ? { write: { entries }, result: undefined } : { result: undefined };
      },
      { attempts: this.attempts },
    );
  }
}

function summarise(c: EscalationCase, now: Date): OpenCaseSummary {
  return {
    id: c.id,
    topic: c.topic,
    severity: c.severity,
    state: c.state === 'claimed' ? 'claimed' : 'open',
    reason: c.reason,
    subject: c.subject,
    requester: c.requester,
    owner: c.owner,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ageMs: caseAgeMs(c, now),
  };
}
