// A stand-in for the Bot Framework connector service that the bot replies to. In anonymous mode the bot
// posts its replies, without a token, to `{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]`;
// this server records every one of them and answers `GET /v3/conversations/{id}/members/{userId}` (what
// TeamsInfo.getMember calls for an @mention) and `GET /v3/conversations/{id}/pagedmembers` (what
// TeamsInfo.getPagedMembers calls, paged by pageSize and continuationToken) from a roster the test gives it.
// `PUT /v3/conversations/{id}/activities/{activityId}` (updateActivity) replaces an activity the bot posted
// earlier in that conversation and is recorded; an activity id the bot never got answers 404, as Teams does.
// A conversation can be made dead (`breakConversation`): every request for it is answered with the status
// and error code Teams gives for a deleted channel (404 ConversationNotFound) or a team the bot was removed
// from (403 BotNotInConversationRoster), and recorded in `rejected`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A conversation member as Teams returns it (TeamsChannelAccount). */
export interface RosterMember {
  /** The Teams user id, 29:… */
  id: string;
  name: string;
  aadObjectId: string;
  userPrincipalName: string;
  email: string;
  tenantId: string;
}

export interface SentAttachment {
  contentType: string;
  content: unknown;
}

/** One activity the bot sent to the connector. */
export interface SentActivity {
  /** The id the stand-in gave the activity (what updateActivity names later). */
  id: string;
  conversationId: string;
  /** The activity id from the URL when the bot replied to one, else null. */
  replyToId: string | null;
  type: string;
  text: string | null;
  attachments: SentAttachment[];
  /** The whole body as the bot sent it. */
  raw: Record<string, unknown>;
}

/** One updateActivity call: the bot replaced an activity it posted earlier. */
export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  type: string;
  attachments: SentAttachment[];
  raw: Record<string, unknown>;
}

export interface PagedMembersLookup {
  conversationId: string;
  pageSize: number | null;
  continuationToken: string | null;
}

/** A request the stand-in refused because its conversation is dead. */
export interface RejectedRequest {
  method: string;
  conversationId: string;
  collection: string;
}

export interface ConversationFault {
  status: number;
  code: string;
}

export interface MemberLookup {
  conversationId: string;
  userId: string;
  found: boolean;
}

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readAttachments(value: unknown): SentAttachment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    isRecord(item) && typeof item.contentType === 'string'
      ? [{ contentType: item.contentType, content: item.content }]
      : [],
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A channel thread "<channel>;messageid=<id>" belongs to its channel. */
function rootOf(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

interface Waiter {
  conversationId: string;
  count: number;
  resolve: () => void;
}

export class ConnectorStandIn {
  /** Every activity the bot sent, in arrival order. */
  readonly sent: SentActivity[] = [];
  /** Every updateActivity the bot made, in arrival order (including those answered 404). */
  readonly updates: UpdatedActivity[] = [];
  /** Every roster lookup the bot made. */
  readonly memberLookups: MemberLookup[] = [];
  /** Every page of the roster the bot read. */
  readonly pagedMemberLookups: PagedMembersLookup[] = [];
  /** Conversations the bot created (proactive 1:1 chats), with their members' ids. */
  readonly createdConversations: { id: string; memberIds: string[]; isGroup: boolean }[] = [];
  /** Every request for a dead conversation, answered with its fault. */
  readonly rejected: RejectedRequest[] = [];
  /** Every POST of an activity, including the ones answered with a fault. */
  attempts = 0;
  private roster: RosterMember[];
  private waiters: Waiter[] = [];
  private faults: { status: number; retryAfterSeconds: number | null; code: string }[] = [];
  private readonly dead = new Map<string, ConversationFault>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    roster: readonly RosterMember[],
  ) {
    this.roster = [...roster];
  }

  /** Starts the stand-in on 127.0.0.1 on a free port. */
  static async start(roster: readonly RosterMember[] = []): Promise<ConnectorStandIn> {
    let standIn: ConnectorStandIn | null = null;
    const server = createServer((req, res) => {
      if (!standIn) {
        reply(res, 503, { error: { code: 'NotReady' } });
        return;
      }
      standIn.handle(req, res).catch((error: unknown) => {
        reply(res, 500, { error: { code: 'StandInFailed', message: String(error) } });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    standIn = new ConnectorStandIn(server, `http://127.0.0.1:${port}`, roster);
    return standIn;
  }

  /** The next activity POSTs are answered with these statuses (as Teams does when throttling), in order. */
  failNext(...faults: { status: number; retryAfterSeconds?: number; code?: string }[]): void {
    this.faults.push(
      ...faults.map((f) => ({
        status: f.status,
        retryAfterSeconds: f.retryAfterSeconds ?? null,
        code: f.code ?? 'Throttled',
      })),
    );
  }

  /**
   * From now on every request for the conversation (and its threads, `<id>;messageid=…`) is answered with
   * `fault`, as Teams answers for a channel that was deleted or a team the bot was removed from.
   */
  breakConversation(conversationId: string, fault: ConversationFault): void {
    this.dead.set(rootOf(conversationId), fault);
  }

  /** Requests the bot made to a dead conversation. */
  rejectedIn(conversationId: string): RejectedRequest[] {
    const root = rootOf(conversationId);
    return this.rejected.filter((r) => rootOf(r.conversationId) === root);
  }

  setRoster(roster: readonly RosterMember[]): void {
    this.roster = [...roster];
  }

  /** Activities sent to one conversation, typing indicators included. */
  activitiesIn(conversationId: string): SentActivity[] {
    return this.sent.filter((a) => a.conversationId === conversationId);
  }

  /** The updates of one posted activity, oldest first. */
  updatesOf(conversationId: string, activityId: string): UpdatedActivity[] {
    return this.updates.filter((u) => u.conversationId === conversationId && u.activityId === activityId);
  }

  /** The Adaptive Card an activity shows now: the posted card, or the one of its latest update. */
  currentCard(conversationId: string, activityId: string): unknown {
    const posted = this.sent.find((a) => a.conversationId === conversationId && a.id === activityId);
    const latest = this.updatesOf(conversationId, activityId).at(-1) ?? posted;
    return latest?.attachments.find((att) => att.contentType === ADAPTIVE_CARD)?.content;
  }

  /** Message activities (not typing) sent to one conversation. */
  messagesIn(conversationId: string): SentActivity[] {
    return this.activitiesIn(conversationId).filter((a) => a.type === 'message');
  }

  /** The Adaptive Card contents sent to one conversation, in order. */
  cardsIn(conversationId: string): unknown[] {
    return this.messagesIn(conversationId).flatMap((a) =>
      a.attachments.filter((att) => att.contentType === ADAPTIVE_CARD).map((att) => att.content),
    );
  }

  /** Resolves with the conversation's messages once it has at least `count`; rejects after `timeoutMs`. */
  async waitForMessages(conversationId: string, count: number, timeoutMs = 5000): Promise<SentActivity[]> {
    if (this.messagesIn(conversationId).length < count) {
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { conversationId, count, resolve: () => undefined };
        const timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const got = this.messagesIn(conversationId).length;
          reject(
            new Error(`Expected ${count} message(s) in ${conversationId} within ${timeoutMs} ms, got ${got}`),
          );
        }, timeoutMs);
        waiter.resolve = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiters.push(waiter);
      });
    }
    return this.messagesIn(conversationId);
  }

  close(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    const [v3, conversations, conversationId, collection, itemId, ...rest] = segments;
    if (
      req.method === 'POST' &&
      v3 === 'v3' &&
      conversations === 'conversations' &&
      conversationId === undefined
    ) {
      // Create a conversation (a 1:1 chat the bot starts): answer with a new id, remember its members.
      const parsed: unknown = JSON.parse((await readBody(req)) || '{}');
      const members = isRecord(parsed) && Array.isArray(parsed.members) ? parsed.members : [];
      const id = `created-${this.createdConversations.length + 1}`;
      this.createdConversations.push({
        id,
        memberIds: members.flatMap((m) => (isRecord(m) && typeof m.id === 'string' ? [m.id] : [])),
        isGroup: isRecord(parsed) && parsed.isGroup === true,
      });
      reply(res, 201, { id });
      return;
    }
    if (v3 !== 'v3' || conversations !== 'conversations' || conversationId === undefined || rest.length > 0) {
      reply(res, 404, { error: { code: 'NotFound', message: `No route for ${req.method} ${url.pathname}` } });
      return;
    }

    const dead = this.dead.get(rootOf(conversationId));
    if (dead) {
      if (req.method === 'POST' && collection === 'activities') this.attempts++;
      this.rejected.push({ method: req.method ?? '', conversationId, collection: collection ?? '' });
      reply(res, dead.status, {
        error: { code: dead.code, message: `The bot cannot reach ${conversationId}.` },
      });
      return;
    }

    if (req.method === 'POST' && collection === 'activities') {
      this.attempts++;
      const fault = this.faults.shift();
      if (fault) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfterSeconds !== null) headers['retry-after'] = String(fault.retryAfterSeconds);
        res.writeHead(fault.status, headers);
        res.end(JSON.stringify({ error: { code: fault.code, message: 'The request failed.' } }));
        return;
      }
      const parsed: unknown = JSON.parse((await readBody(req)) || '{}');
      const raw = isRecord(parsed) ? parsed : {};
      const id = `activity-${this.sent.length + 1}`;
      this.sent.push({
        id,
        conversationId,
        replyToId: itemId ?? null,
        type: typeof raw.type === 'string' ? raw.type : '',
        text: typeof raw.text === 'string' ? raw.text : null,
        attachments: readAttachments(raw.attachments),
        raw,
      });
      reply(res, 200, { id });
      this.wake();
      return;
    }

    if (req.method === 'PUT' && collection === 'activities' && itemId !== undefined) {
      const parsed: unknown = JSON.parse((await readBody(req)) || '{}');
      const raw = isRecord(parsed) ? parsed : {};
      this.updates.push({
        conversationId,
        activityId: itemId,
        type: typeof raw.type === 'string' ? raw.type : '',
        attachments: readAttachments(raw.attachments),
        raw,
      });
      const known = this.sent.some((a) => a.conversationId === conversationId && a.id === itemId);
      if (known) reply(res, 200, { id: itemId });
      else reply(res, 404, { error: { code: 'ActivityNotFound', message: 'Unknown activity.' } });
      return;
    }

    if (req.method === 'GET' && collection === 'pagedmembers' && itemId === undefined) {
      const rawSize = url.searchParams.get('pageSize');
      const token = url.searchParams.get('continuationToken');
      const pageSize = rawSize === null ? null : Number(rawSize);
      this.pagedMemberLookups.push({ conversationId, pageSize, continuationToken: token });
      const start = token === null ? 0 : Number(token);
      const size = pageSize !== null && Number.isInteger(pageSize) && pageSize > 0 ? pageSize : 200;
      if (!Number.isInteger(start) || start < 0) {
        reply(res, 400, { error: { code: 'BadRequest', message: 'Bad continuation token.' } });
        return;
      }
      const members = this.roster.slice(start, start + size);
      const next = start + size < this.roster.length ? String(start + size) : undefined;
      reply(res, 200, { members, ...(next === undefined ? {} : { continuationToken: next }) });
      return;
    }

    if (req.method === 'GET' && collection === 'members' && itemId !== undefined) {
      const member = this.roster.find((m) => m.id === itemId);
      this.memberLookups.push({ conversationId, userId: itemId, found: member !== undefined });
      if (member) reply(res, 200, member);
      else
        reply(res, 404, {
          error: { code: 'MemberNotFoundInConversation', message: 'The user is not a member.' },
        });
      return;
    }

    reply(res, 404, { error: { code: 'NotFound', message: `No route for ${req.method} ${url.pathname}` } });
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => this.messagesIn(w.conversationId).length >= w.count);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
  }
}
