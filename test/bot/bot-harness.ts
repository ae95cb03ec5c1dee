// Drives the real application over HTTP the way Teams (or the Agents Playground) does: activities are
// POSTed to /api/messages, replies arrive at a connector stand-in, card actions come back as the invoke's
// HTTP response. Also: the seed's people with the identifiers each channel uses, and readers for cards.
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../src/app';
import { envToConfig, type Env } from '../../src/config';
import {
  DEMO_DOMAIN,
  DEMO_TENANT_ID,
  PEOPLE,
  userIdFor,
  type DemoTenant,
  type RecordedRequest,
} from '../../src/demo-tenant';
import type { PersonName } from '../../src/demo-tenant/seed/people';
import type { PersonSpec } from '../../src/demo-tenant/seed/tenant-builder';
import { createLogger, type Logger } from '../../src/logging/logger';
import { ConnectorStandIn, type RosterMember, type SentActivity } from '../support/connector-stand-in';

export const BOT = { id: '28:bot', name: 'Helpdesk Troubleshooter' } as const;
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

// --- people ---------------------------------------------------------------------------------------------

export interface Person {
  /** Entra object id. */
  id: string;
  displayName: string;
  upn: string;
  mail: string;
  /** The Teams user id (29:…) this person has in the tests' conversations. */
  teamsId: string;
}

export function person(name: PersonName): Person {
  const spec: PersonSpec = PEOPLE[name];
  const local = spec.upnLocal ?? spec.key;
  const guest = spec.guestFrom !== undefined;
  return {
    id: userIdFor(spec.key),
    displayName: spec.displayName ?? `${spec.givenName} ${spec.surname}`,
    upn: guest ? `${local}_${spec.guestFrom}#EXT#@${DEMO_DOMAIN}` : `${local}@${DEMO_DOMAIN}`,
    mail: guest ? `${local}@${spec.guestFrom}` : `${spec.mailLocal ?? local}@${DEMO_DOMAIN}`,
    teamsId: `29:1${spec.key.replace(/[^a-z]/g, '')}-teams-id`,
  };
}

export function rosterMember(p: Person, tenantId = DEMO_TENANT_ID): RosterMember {
  return {
    id: p.teamsId,
    name: p.displayName,
    aadObjectId: p.id,
    userPrincipalName: p.upn,
    email: p.mail,
    tenantId,
  };
}

// --- activities -----------------------------------------------------------------------------------------

export type ConversationType = 'personal' | 'channel' | 'groupChat';

export interface MentionEntity {
  type: 'mention';
  mentioned: { id: string; name: string };
  text: string;
}

export function mention(account: { teamsId: string; displayName: string } | typeof BOT): MentionEntity {
  const [id, name] =
    'teamsId' in account ? [account.teamsId, account.displayName] : [account.id, account.name];
  return { type: 'mention', mentioned: { id, name }, text: `<at>${name}</at>` };
}

export interface ActivityOptions {
  from: Person;
  conversationType?: ConversationType;
  /** A fresh conversation per activity unless given. */
  conversationId?: string;
  locale?: string;
  /** The demo tenant unless given; null sends no tenant at all. */
  tenantId?: string | null;
  /** Leave from.aadObjectId out, as some clients and forged activities do. */
  withoutAadObjectId?: boolean;
  /** For a channel: the team it belongs to (channelData.team.id). */
  teamId?: string;
  /** The client's time zone, sent as Teams does (clientInfo entity and localTimezone); none unless given. */
  timeZone?: string;
}

export interface InvokeOptions extends ActivityOptions {
  /** 'automatic' when Teams refreshes a card by itself (refresh.userIds), 'manual' for a click. */
  trigger?: 'manual' | 'automatic';
  /** Messages the click is expected to post to the conversation besides its answer (0 unless given). */
  expectPosted?: number;
}

let sequence = 0;

function conversationIdFor(type: ConversationType): string {
  sequence++;
  switch (type) {
    case 'personal':
      return `a:1test-personal-${sequence}`;
    case 'groupChat':
      return `19:test-group-${sequence}@thread.v2`;
    case 'channel':
      return `19:test-channel-${sequence}@thread.tacv2;messageid=17000000000${sequence}`;
  }
}

function baseActivity(serviceUrl: string, options: ActivityOptions): Partial<Activity> {
  const type = options.conversationType ?? 'personal';
  const tenantId = options.tenantId === undefined ? DEMO_TENANT_ID : options.tenantId;
  const conversationId = options.conversationId ?? conversationIdFor(type);
  sequence++;
  return {
    id: `1700000000${sequence}`,
    timestamp: new Date(),
    channelId: 'msteams',
    serviceUrl,
    from: {
      id: options.from.teamsId,
      name: options.from.displayName,
      ...(options.withoutAadObjectId ? {} : { aadObjectId: options.from.id }),
    },
    recipient: { id: BOT.id, name: BOT.name },
    conversation: {
      id: conversationId,
      conversationType: type,
      ...(tenantId === null ? {} : { tenantId }),
      isGroup: type !== 'personal',
      name: '',
    },
    channelData: {
      ...(tenantId === null ? {} : { tenant: { id: tenantId } }),
      ...(type === 'channel'
        ? {
            team: { id: options.teamId ?? '19:test-team@thread.tacv2' },
            channel: { id: options.teamId ? conversationId.split(';')[0] : '19:test-team@thread.tacv2' },
          }
        : {}),
    },
    locale: options.locale ?? 'en-US',
    ...(options.timeZone === undefined ? {} : { localTimezone: options.timeZone }),
  };
}

function clientInfo(options: ActivityOptions): { type: string; [key: string]: unknown } {
  return {
    type: 'clientInfo',
    locale: options.locale ?? 'en-US',
    ...(options.timeZone === undefined ? {} : { timezone: options.timeZone }),
  };
}

export function messageActivity(
  serviceUrl: string,
  text: string,
  options: ActivityOptions & { mentions?: MentionEntity[] },
): Partial<Activity> {
  return {
    ...baseActivity(serviceUrl, options),
    type: 'message',
    text,
    textFormat: 'plain',
    entities: [...(options.mentions ?? []), clientInfo(options)],
  };
}

export function invokeActivity(
  serviceUrl: string,
  verb: string,
  data: unknown,
  options: InvokeOptions,
): Partial<Activity> {
  return {
    ...baseActivity(serviceUrl, options),
    type: 'invoke',
    name: 'adaptiveCard/action',
    entities: [clientInfo(options)],
    value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
  };
}

// --- reading cards --------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (isRecord(value)) {
    visit(value);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

/** Every string a person can read on the card (text, titles, fact values, placeholders), one per line. */
export function cardText(card: unknown): string {
  const lines: string[] = [];
  walk(card, (node) => {
    for (const key of ['text', 'title', 'value', 'placeholder']) {
      const v = node[key];
      if (typeof v === 'string' && v !== '') lines.push(v);
    }
  });
  return lines.join('\n');
}

/** The card's refresh (Universal Actions): what Teams invokes by itself for the listed users. */
export function cardRefresh(card: unknown): { action: CardAction; userIds: string[] } | null {
  if (!isRecord(card) || !isRecord(card.refresh)) return null;
  const { action, userIds } = card.refresh;
  if (!isRecord(action) || typeof action.verb !== 'string') return null;
  return {
    action: {
      verb: action.verb,
      title: typeof action.title === 'string' ? action.title : '',
      data: isRecord(action.data) ? action.data : {},
    },
    userIds: Array.isArray(userIds) ? userIds.filter((u): u is string => typeof u === 'string') : [],
  };
}

export interface CardAction {
  verb: string;
  title: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute on the card, including row selectActions and those inside ShowCards. */
export function cardActions(card: unknown): CardAction[] {
  const actions: CardAction[] = [];
  walk(card, (node) => {
    if (node.type !== 'Action.Execute' || typeof node.verb !== 'string') return;
    actions.push({
      verb: node.verb,
      title: typeof node.title === 'string' ? node.title : '',
      data: isRecord(node.data) ? node.data : {},
    });
  });
  return actions;
}

// --- the application under test -------------------------------------------------------------------------

export interface MessageTurn {
  conversationId: string;
  /** Everything the bot sent to the conversation, typing indicators included. */
  activities: SentActivity[];
  cards: unknown[];
  /** The only card the bot sent (fails the test when there was not exactly one). */
  card: unknown;
  text: string;
}

export interface InvokeTurn {
  /** Cards the click posted to the conversation as new messages (see InvokeOptions.expectPosted). */
  posted: unknown[];
  httpStatus: number;
  body: { statusCode?: unknown; type?: unknown; value?: unknown };
  card: unknown;
  text: string;
}

/** One parsed JSON log line of the app. */
export type LogLine = Record<string, unknown> & { level: string; event: string };

/** Collects the app's log lines; HARNESS_LOG=1 also prints them, to debug a test. */
function capturingLogger(lines: LogLine[]): Logger {
  const print = process.env.HARNESS_LOG === '1';
  return createLogger((line) => {
    lines.push(JSON.parse(line) as LogLine);
    if (print) process.stderr.write(`${line}\n`);
  });
}

export class BotUnderTest {
  /** Set once restart() handed the connector and DATA_DIR on to the next app. */
  private handedOver = false;
  /** True for a second instance: it shares the connector and DATA_DIR and owns neither. */
  private shared = false;

  private constructor(
    readonly app: RunningApp,
    readonly connector: ConnectorStandIn,
    /** DATA_DIR of this app (audit log, cases and the like), removed on close. */
    readonly dataDir: string,
    private readonly env: Env,
    /** Every log line the app wrote. */
    readonly logs: LogLine[],
  ) {}

  /** Log lines with this event name. */
  logged(event: string): LogLine[] {
    return this.logs.filter((l) => l.event === event);
  }

  /**
   * Starts a connector stand-in and the application, in demo mode unless `env` says otherwise. DATA_DIR
   * is a fresh temporary directory, so that nothing is written into the working tree.
   */
  static async start(
    env: Env = { PORT: '0', PLAYGROUND: 'off' },
    roster: readonly RosterMember[] = [],
  ): Promise<BotUnderTest> {
    const dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-bot-test-'));
    const connector = await ConnectorStandIn.start(roster);
    const logs: LogLine[] = [];
    try {
      const app = await startApp(envToConfig({ ...env, DATA_DIR: dataDir }), capturingLogger(logs));
      return new BotUnderTest(app, connector, dataDir, env, logs);
    } catch (error) {
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get tenant(): DemoTenant {
    const tenant = this.app.demoTenant;
    assert.ok(tenant, 'this app runs without the demo tenant');
    return tenant;
  }

  /** Forget cached reports and lookups and the request log, so a test sees every Graph request it causes. */
  fresh(): void {
    this.app.source.clearCache();
    this.app.demoTenant?.resetRequests();
    this.app.demoTenant?.faults.clear();
  }

  async post(activity: Partial<Activity>): Promise<Response> {
    const send = () =>
      fetch(`${this.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
    try {
      return await send();
    } catch (error) {
      // A pooled keep-alive socket the server closed while the test process was busy: sent again, as the
      // Bot Framework service does. Anything else is a real failure.
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw error;
      return send();
    }
  }

  message(text: string, options: ActivityOptions & { mentions?: MentionEntity[] }): Partial<Activity> {
    return messageActivity(this.connector.url, text, options);
  }

  /** Sends a message and returns what the bot sent back, expecting `expectedMessages` messages. */
  async say(
    text: string,
    options: ActivityOptions & { mentions?: MentionEntity[] },
    expectedMessages = 1,
  ): Promise<MessageTurn> {
    const activity = this.message(text, options);
    const conversationId = activity.conversation?.id ?? '';
    const response = await this.post(activity);
    assert.equal(response.status, 200, `POST /api/messages answered ${response.status}`);
    await this.connector.waitForMessages(conversationId, expectedMessages, 5000);
    const cards = this.connector.cardsIn(conversationId);
    assert.equal(cards.length, expectedMessages, `expected ${expectedMessages} card(s), got ${cards.length}`);
    const card = cards[0];
    return {
      conversationId,
      activities: this.connector.activitiesIn(conversationId),
      cards,
      card,
      text: cardText(card),
    };
  }

  /** Clicks an Action.Execute button: the card comes back in the invoke's HTTP response. */
  async click(verb: string, data: unknown, options: InvokeOptions): Promise<InvokeTurn> {
    const activity = invokeActivity(this.connector.url, verb, data, options);
    const conversationId = activity.conversation?.id ?? '';
    const before = this.connector.messagesIn(conversationId).length;
    const response = await this.post(activity);
    const parsed: unknown = await response.json();
    assert.ok(isRecord(parsed), 'the invoke response body is not an object');
    // A card action answers in the invoke response; only where expected does it post new messages.
    const expected = options.expectPosted ?? 0;
    if (expected > 0) await this.connector.waitForMessages(conversationId, before + expected, 5000);
    const after = this.connector.messagesIn(conversationId).length;
    assert.equal(after, before + expected, 'the invoke posted an unexpected number of messages');
    return {
      posted: expected === 0 ? [] : this.connector.cardsIn(conversationId).slice(-expected),
      httpStatus: response.status,
      body: parsed,
      card: parsed.value,
      text: cardText(parsed.value),
    };
  }

  /**
   * What `viewer` sees of a card posted in a conversation: when the card asks Teams to refresh it for
   * the viewer (a user-specific view), the card that refresh returns; otherwise the card itself.
   */
  async seenBy(card: unknown, viewer: Person, options: Omit<InvokeOptions, 'from'> = {}): Promise<unknown> {
    const refresh = cardRefresh(card);
    if (refresh === null || !refresh.userIds.includes(viewer.teamsId)) return card;
    const turn = await this.click(refresh.action.verb, refresh.action.data, {
      ...options,
      from: viewer,
      trigger: 'automatic',
    });
    return turn.card;
  }

  /**
   * Stops this app and starts a new one on the same DATA_DIR and the same connector stand-in (Teams stays
   * up while the bot restarts). The returned bot owns both; closing this one afterwards does nothing.
   */
  async restart(env: Env = this.env): Promise<BotUnderTest> {
    assert.ok(!this.handedOver, 'this bot was restarted already');
    await this.app.close();
    this.handedOver = true;
    const logs: LogLine[] = [];
    try {
      const app = await startApp(envToConfig({ ...env, DATA_DIR: this.dataDir }), capturingLogger(logs));
      return new BotUnderTest(app, this.connector, this.dataDir, env, logs);
    } catch (error) {
      await this.connector.close();
      await rm(this.dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * A second instance of the application on the same DATA_DIR and connector stand-in, as two instances
   * behind one bot registration. Closing it stops only its app.
   */
  async secondInstance(): Promise<BotUnderTest> {
    const logs: LogLine[] = [];
    const app = await startApp(envToConfig({ ...this.env, DATA_DIR: this.dataDir }), capturingLogger(logs));
    const second = new BotUnderTest(app, this.connector, this.dataDir, this.env, logs);
    second.shared = true;
    return second;
  }

  async close(): Promise<void> {
    if (this.handedOver) return;
    await this.app.close();
    if (this.shared) return;
    await this.connector.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

// --- Graph requests -------------------------------------------------------------------------------------

export function describeRequest(r: RecordedRequest): string {
  return `${r.method} /${r.version}${r.path}${r.query ? `?${r.query}` : ''}${r.viaBatch ? ' (batch)' : ''}`;
}

/**
 * Requests whose path or query names the person: object id, UPN, mail, or any of `terms` (for example the
 * name typed in a search), case-insensitively.
 */
export function requestsAbout(
  requests: readonly RecordedRequest[],
  p: Person,
  terms: readonly string[] = [],
): RecordedRequest[] {
  const needles = [p.id, p.upn, p.mail, ...terms].map((s) => s.toLowerCase());
  return requests.filter((r) => {
    const haystack = `${r.path}?${r.query}`.toLowerCase();
    return needles.some((n) => haystack.includes(n));
  });
}

export function assertNoRequestsAbout(
  requests: readonly RecordedRequest[],
  p: Person,
  terms: readonly string[] = [],
): void {
  const about = requestsAbout(requests, p, terms);
  assert.deepEqual(about.map(describeRequest), [], `Graph requests about ${p.displayName}`);
}

/** Requests other than the requester's own role check (POST /users/{id}/checkMemberGroups). */
export function requestsBesidesRoleCheck(requests: readonly RecordedRequest[], requester: Person): string[] {
  const roleCheck = `/users/${requester.id}/checkmembergroups`;
  return requests.filter((r) => r.path.toLowerCase() !== roleCheck).map(describeRequest);
}

export function assertIncludes(text: string, ...parts: string[]): void {
  for (const part of parts)
    assert.ok(text.includes(part), `expected the card to contain “${part}”:\n${text}`);
}

export function assertExcludes(text: string, ...parts: string[]): void {
  for (const part of parts)
    assert.ok(!text.includes(part), `expected the card not to contain “${part}”:\n${text}`);
}
