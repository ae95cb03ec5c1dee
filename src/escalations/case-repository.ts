// Cases on the DocumentStorage port. Every change is read → pure transition → write-if-eTag-matches,
// re-applied on a lost race, so two agents claiming together end with one owner and one refusal naming
// that owner.
//
// No document is shared between cases, so a burst of escalations never queues on one hot document: each
// case is `cases/<id>`, and each open case has its own marker `open/<id>`. Listing reads the markers'
// cases. A marker is created (create-only, which also reserves the id) before its case and deleted after
// the case is resolved, so a crash leaves an extra marker (pruned later) but never hides an open case.
// Markers are derived data: they are rebuilt from the case documents when an instance first lists, and
// again whenever a marker is found corrupt.
import { randomInt } from 'node:crypto';
import {
  backOff,
  ConcurrentUpdateError,
  DEFAULT_UPDATE_ATTEMPTS,
  isETagConflict,
  isStoredObject,
  readVersioned,
  type CorruptionMonitor,
  type DocumentStorage,
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
  /** Marker upkeep that failed after the case itself was written (the case is still right). */
  onIndexError?: (error: unknown, caseId: string) => void;
  /** Source of case ids; the default is `HD-` and six random characters. */
  newId?: () => string;
  /** Where the store reports corrupt documents: a corrupt marker makes the next list rebuild them. */
  corruption?: CorruptionMonitor;
}

/** One open case's entry in the open-case listing. */
interface OpenMarker {
  /** The case revision this marker was written for; an older removal never deletes a newer marker. */
  revision: number;
  addedAt: string;
}

function isMarker(value: unknown): value is OpenMarker {
  return isStoredObject(value) && typeof value.revision === 'number' && typeof value.addedAt === 'string';
}

/** A case document as stored; anything else is treated as absent (and listed as damaged, not shown). */
function isCase(value: unknown): value is EscalationCase {
  return (
    isStoredObject(value) &&
    typeof value.id === 'string' &&
    typeof value.state === 'string' &&
    typeof value.revision === 'number' &&
    Array.isArray(value.history)
  );
}

/** Crockford's base32: no I, L, O or U, so an id read aloud or retyped is unambiguous. */
const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_PATTERN = /^HD-[0-9A-HJKMNP-TV-Z]{6}$/;
const MAX_ID_TRIES = 10;
/** A marker with no case behind it this long after it was added is a crashed create, not one in flight. */
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
  /** Set until this instance has rebuilt the markers from the case documents (and after corruption). */
  private rebuild: Promise<void> | null = null;
  private rebuilt = false;

  constructor(
    private readonly storage: DocumentStorage,
    options: CaseRepositoryOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'escalations/';
    this.attempts = options.attempts ?? DEFAULT_UPDATE_ATTEMPTS;
    this.newId = options.newId ?? newCaseId;
    // Without a hook a failed removal is left for listOpen, which prunes markers of resolved cases.
    this.onIndexError = options.onIndexError ?? (() => undefined);
    options.corruption?.onCorrupt(({ key }) => {
      if (key.startsWith(this.markerPrefix) || key.startsWith(this.casePrefix)) this.rebuilt = false;
    });
  }

  private get casePrefix(): string {
    return `${this.prefix}cases/`;
  }

  private get markerPrefix(): string {
    return `${this.prefix}open/`;
  }

  private caseKey(id: string): string {
    return `${this.casePrefix}${id}`;
  }

  private markerKey(id: string): string {
    return `${this.markerPrefix}${id}`;
  }

  async create(input: NewCaseInput, now: Date): Promise<EscalationCase> {
    for (let tries = 0; tries < MAX_ID_TRIES; tries++) {
      const id = this.newId();
      const marker: OpenMarker = { revision: 1, addedAt: now.toISOString() };
      // Create-only: of two creators drawing the same id, exactly one gets the marker.
      if (!(await this.storage.create(this.markerKey(id), marker))) continue;
      const created = openCase(input, id, now);
      if (await this.storage.create(this.caseKey(id), created)) return created;
      // A resolved case of long ago has this id: give the marker back and draw again.
      await this.storage.delete([this.markerKey(id)]);
    }
    throw new Error(`Escalations: no free case id after ${MAX_ID_TRIES} tries`);
  }

  async get(id: string): Promise<EscalationCase | null> {
    const stored = await readVersioned<EscalationCase>(this.storage, this.caseKey(id));
    return stored && isCase(stored.value) ? stored.value : null;
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
      if (stored === null || !isCase(stored.value)) return { ok: false, reason: 'notFound', id };
      const previous = stored.value;
      const result = transition(previous);
      if (!result.ok) return { ...result, case: previous };
      const next = result.case;
      if (next.id !== previous.id || next.revision <= previous.revision) {
        throw new Error(`Escalations: a transition must keep the id and advance the revision of ${id}`);
      }
      const reopening = previous.state === 'resolved' && next.state !== 'resolved';
      const resolving = previous.state !== 'resolved' && next.state === 'resolved';
      if (reopening) await this.writeMarker(id, { revision: next.revision, addedAt: next.updatedAt });
      try {
        await this.storage.write({ [key]: { ...next, eTag: stored.eTag } });
      } catch (error) {
        if (!isETagConflict(error)) throw error;
        await backOff(attempt);
        continue;
      }
      if (resolving) await this.removeMarker(id, next.revision);
      return { ok: true, case: next, previous };
    }
    throw new ConcurrentUpdateError(key, this.attempts);
  }

  /** Open and claimed cases, most severe first, then oldest first. */
  async listOpen(query: OpenCaseQuery): Promise<OpenCasePage> {
    return pageOf(await this.openCases(query), query);
  }

  /** Every open case (of `query.topic`, when given), most severe and oldest first. */
  async openCases(query: Pick<OpenCaseQuery, 'now' | 'topic'>): Promise<OpenCaseSummary[]> {
    await this.ensureMarkers(query.now);
    const ids = (await this.storage.list(this.markerPrefix)).map((key) =>
      key.slice(this.markerPrefix.length),
    );

    const open: EscalationCase[] = [];
    const stale: { id: string; eTag: string }[] = [];
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const chunk = ids.slice(i, i + READ_CHUNK);
      const items = await this.storage.read(chunk.flatMap((id) => [this.caseKey(id), this.markerKey(id)]));
      for (const id of chunk) {
        const found = items[this.caseKey(id)] as (EscalationCase & { eTag?: string }) | undefined;
        const marker = items[this.markerKey(id)] as (OpenMarker & { eTag?: string }) | undefined;
        if (found && isCase(found) && found.state !== 'resolved') {
          open.push(found);
          continue;
        }
        if (!marker || !isMarker(marker) || typeof marker.eTag !== 'string') continue;
        const resolvedSince = found && isCase(found) && found.revision >= marker.revision;
        const orphaned = !found && query.now.getTime() - new Date(marker.addedAt).getTime() > ORPHAN_ENTRY_MS;
        if (resolvedSince || orphaned) stale.push({ id, eTag: marker.eTag });
      }
    }
    // Conditional on the marker's eTag: a reopen that raced ahead wrote a newer marker, and that one stays.
    await Promise.all(stale.map(({ id, eTag }) => this.storage.deleteIfMatch(this.markerKey(id), eTag)));

    const matching = open
      .filter((c) => query.topic === undefined || c.topic === query.topic)
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          a.createdAt.localeCompare(b.createdAt) ||
          a.id.localeCompare(b.id),
      );
    return matching.map((c) => summarise(c, query.now));
  }

  /** Rebuilds the markers from the case documents once per instance, and after a marker was found corrupt. */
  private ensureMarkers(now: Date): Promise<void> {
    if (this.rebuilt && this.rebuild === null) return Promise.resolve();
    this.rebuild ??= this.rebuildMarkers(now).then(
      () => {
        this.rebuild = null;
      },
      (error: unknown) => {
        this.rebuild = null;
        throw error;
      },
    );
    return this.rebuild;
  }

  private async rebuildMarkers(now: Date): Promise<void> {
    this.rebuilt = true;
    const caseKeys = await this.storage.list(this.casePrefix);
    const markers = new Set(await this.storage.list(this.markerPrefix));
    for (let i = 0; i < caseKeys.length; i += READ_CHUNK) {
      const items = await this.storage.read(caseKeys.slice(i, i + READ_CHUNK));
      for (const value of Object.values(items)) {
        if (!isCase(value) || value.state === 'resolved' || markers.has(this.markerKey(value.id))) continue;
        await this.storage.create(this.markerKey(value.id), {
          revision: value.revision,
          addedAt: now.toISOString(),
        } satisfies OpenMarker);
      }
    }
  }

  private async writeMarker(id: string, marker: OpenMarker): Promise<void> {
    await this.storage.write({ [this.markerKey(id)]: { ...marker, eTag: '*' } });
  }

  private async removeMarker(id: string, revision: number): Promise<void> {
    try {
      const stored = await readVersioned<OpenMarker>(this.storage, this.markerKey(id));
      // A reopen that raced ahead wrote a newer marker; that one stays.
      if (stored && (!isMarker(stored.value) || stored.value.revision <= revision)) {
        await this.storage.deleteIfMatch(this.markerKey(id), stored.eTag);
      }
    } catch (error) {
      this.onIndexError(error, id);
    }
  }
}

/** One page of an ordered list of open cases. */
export function pageOf(
  cases: readonly OpenCaseSummary[],
  query: Pick<OpenCaseQuery, 'page' | 'pageSize'>,
): OpenCasePage {
  const pageSize = Math.max(1, Math.floor(query.pageSize ?? 10));
  const page = Math.max(0, Math.floor(query.page ?? 0));
  return {
    items: cases.slice(page * pageSize, (page + 1) * pageSize),
    page,
    pageSize,
    total: cases.length,
    pageCount: Math.ceil(cases.length / pageSize),
  };
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
