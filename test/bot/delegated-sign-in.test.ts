// GRAPH_AUTH=delegated through the whole application over HTTP: Teams single sign-on and the Azure Bot OAuth
// connection (a loopback stand-in for the Bot Framework token service), Graph read with the agent's own
// token (the fixture Graph server records every Authorization header), and what the agent receives.
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../src/app';
import { envToConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { ConnectorStandIn, type SentActivity } from '../support/connector-stand-in';
import { FIXTURE, startFixtureGraphServer, type FixtureGraphServer } from '../support/fixture-graph-server';
import { TokenServiceStandIn } from '../support/token-service-stand-in';
import { ADAPTIVE_CARD, cardText, invokeActivity, messageActivity, type Person } from './bot-harness';

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';
const CONNECTION = 'graph-sso';
const AGENT: Person = {
  id: FIXTURE.adele.id,
  displayName: FIXTURE.adele.displayName,
  upn: FIXTURE.adele.userPrincipalName,
  mail: FIXTURE.adele.mail,
  teamsId: '29:1adele-teams-id',
};
const TOKEN_KEY = `${AGENT.teamsId}|${CONNECTION}`;
const COMMAND = `troubleshoot ${FIXTURE.adele.userPrincipalName}`;

interface OAuthCardContent {
  text?: string;
  connectionName?: string;
  tokenExchangeResource?: { id?: string; uri?: string };
  buttons?: { type?: string; title?: string; value?: string }[];
}

describe('bot: acting as the agent (GRAPH_AUTH=delegated)', function () {
  this.timeout(20_000);
  let graph: FixtureGraphServer;
  let tokens: TokenServiceStandIn;
  let connector: ConnectorStandIn;
  let app: RunningApp;
  let dataDir: string;
  const logLines: string[] = [];
  let sequence = 0;

  before(async () => {
    graph = await startFixtureGraphServer();
    tokens = await TokenServiceStandIn.start();
    connector = await ConnectorStandIn.start();
    dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-bot-delegated-'));
    const config = envToConfig({
      PORT: '0',
      PLAYGROUND: 'off',
      TURNS_PER_MINUTE: '10000',
      GRAPH_BASE_URL: graph.url,
      HELPDESK_GROUP_IDS: FIXTURE.helpdeskGroupId,
      GRAPH_AUTH: 'delegated',
      OAUTH_CONNECTION_NAME: CONNECTION,
      OAuthUrl: tokens.url,
      DATA_DIR: dataDir,
    });
    app = await startApp(
      config,
      createLogger((line) => logLines.push(line), 'debug'),
    );
  });

  after(async () => {
    await app.close();
    await connector.close();
    await tokens.close();
    await graph.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    tokens.held.clear();
    tokens.exchangeable.clear();
    tokens.codes.clear();
    tokens.needsConsent.clear();
    tokens.requests.length = 0;
    graph.faults.clear();
    graph.resetRequests();
    logLines.length = 0;
  });

  function conversation(): string {
    sequence += 1;
    return `a:1delegated-${sequence}`;
  }

  async function post(activity: Partial<Activity>): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  async function say(text: string, conversationId: string, locale = 'en-US'): Promise<SentActivity[]> {
    const before = connector.messagesIn(conversationId).length;
    const response = await post(
      messageActivity(connector.url, text, { from: AGENT, conversationId, locale }),
    );
    assert.equal(response.status, 200);
    return connector.waitForMessages(conversationId, before + 1).then((all) => all.slice(before));
  }

  function signInInvoke(
    conversationId: string,
    name: 'signin/tokenExchange' | 'signin/verifyState',
    value: unknown,
  ): Partial<Activity> {
    return {
      ...messageActivity(connector.url, '', { from: AGENT, conversationId }),
      type: 'invoke',
      name,
      value,
    };
  }

  function oauthCard(message: SentActivity | undefined): OAuthCardContent {
    const attachment = message?.attachments.find((a) => a.contentType === OAUTH_CARD);
    assert.ok(attachment, `expected a sign-in card, got ${JSON.stringify(message?.attachments ?? [])}`);
    return attachment.content as OAuthCardContent;
  }

  function adaptiveText(message: SentActivity | undefined): string {
    const attachment = message?.attachments.find((a) => a.contentType === ADAPTIVE_CARD);
    assert.ok(attachment, 'expected an Adaptive Card');
    return cardText(attachment.content);
  }

  function graphAuthorizations(): string[] {
    return [
      ...new Set(
        graph.requests
          .filter((r) => !r.viaBatch || r.headers.authorization)
          .map((r) => r.headers.authorization ?? '(none)'),
      ),
    ];
  }

  function assertLogsFree(...secrets: string[]): void {
    assert.ok(logLines.length > 0, 'the turn logged nothing');
    for (const secret of secrets) {
      assert.ok(!logLines.some((l) => l.includes(secret)), `a log line contains ${secret}`);
    }
  }

  it('asks a first-time agent to sign in, reading nothing from Graph, in English and Dutch', async () => {
    const [reply] = await say(COMMAND, conversation());
    const card = oauthCard(reply);
    assert.equal(card.connectionName, CONNECTION);
    assert.equal(card.tokenExchangeResource?.id, 'exchange-1', 'Teams needs the exchange resource for SSO');
    assert.equal(card.buttons?.[0]?.type, 'signin');
    assert.equal(card.buttons?.[0]?.title, 'Sign in');
    assert.match(card.buttons?.[0]?.value ?? '', /^https:\/\/token\.example\//);
    assert.match(card.text ?? '', /your own account/);
    assert.deepEqual(graph.requests, [], 'nothing is read before the agent is signed in');

    const [dutch] = await say('probleemoplossing AdeleV@contoso.example', conversation(), 'nl-NL');
    const nl = oauthCard(dutch);
    assert.equal(nl.buttons?.[0]?.title, 'Aanmelden');
    assert.match(nl.text ?? '', /je eigen account/);
  });

  it('exchanges the Teams SSO token, answers the waiting command, and Graph sees only the agent’s token', async () => {
    tokens.exchangeable.set('sso-adele', 'graph-token-adele');
    const conversationId = conversation();
    await say(COMMAND, conversationId);
    const exchange = await post(
      signInInvoke(conversationId, 'signin/tokenExchange', {
        id: 'exchange-1',
        connectionName: CONNECTION,
        token: 'sso-adele',
      }),
    );
    assert.equal(exchange.status, 200);
    assert.deepEqual(exchange.body, { id: 'exchange-1', connectionName: CONNECTION });
    const messages = await connector.waitForMessages(conversationId, 2);
    assert.match(adaptiveText(messages[1]), /Adele Vance/);
    assert.ok(graph.requests.length > 0);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-adele']);

    // Signed in once: the next command is answered straight away, with the token the service holds.
    graph.resetRequests();
    const [next] = await say(COMMAND, conversationId);
    assert.match(adaptiveText(next), /Adele Vance/);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-adele']);
    assertLogsFree('graph-token-adele', 'sso-adele');
  });

  it('answers a failed exchange with 412, so Teams shows the card’s sign-in button; the pop-up’s code then signs in', async () => {
    const conversationId = conversation();
    const [prompt] = await say(COMMAND, conversationId);
    assert.ok(oauthCard(prompt).buttons?.[0]?.value, 'the card carries a sign-in link to fall back on');
    const exchange = await post(
      signInInvoke(conversationId, 'signin/tokenExchange', {
        id: 'exchange-1',
        connectionName: CONNECTION,
        token: 'sso-unknown',
      }),
    );
    assert.equal(exchange.status, 412);
    assert.deepEqual(
      { ...(exchange.body as object), failureDetail: undefined },
      { id: 'exchange-1', connectionName: CONNECTION, failureDetail: undefined },
    );
    assert.deepEqual(graph.requests, []);

    tokens.codes.set('482913', 'graph-token-popup');
    const verified = await post(signInInvoke(conversationId, 'signin/verifyState', { state: '482913' }));
    assert.equal(verified.status, 200);
    const messages = await connector.waitForMessages(conversationId, 2);
    assert.match(adaptiveText(messages[1]), /Adele Vance/);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-popup']);
    assertLogsFree('graph-token-popup', '482913', 'sso-unknown');
  });

  it('needs consent: the exchange is refused (412) and the sign-in pop-up, where the agent consents, completes it', async () => {
    tokens.needsConsent.add('sso-no-consent');
    const conversationId = conversation();
    await say(COMMAND, conversationId);
    const exchange = await post(
      signInInvoke(conversationId, 'signin/tokenExchange', {
        id: 'exchange-1',
        connectionName: CONNECTION,
        token: 'sso-no-consent',
      }),
    );
    assert.equal(exchange.status, 412);
    assert.equal(connector.messagesIn(conversationId).length, 1, 'nothing answered before consent');

    // A wrong or replayed code signs nobody in, and says so.
    const wrong = await post(signInInvoke(conversationId, 'signin/verifyState', { state: '000000' }));
    assert.equal(wrong.status, 404);
    const [, failed] = await connector.waitForMessages(conversationId, 2);
    assert.match(adaptiveText(failed), /Sign-in did not finish/);

    tokens.codes.set('731246', 'graph-token-consented');
    const verified = await post(signInInvoke(conversationId, 'signin/verifyState', { state: '731246' }));
    assert.equal(verified.status, 200);
    const messages = await connector.waitForMessages(conversationId, 3);
    assert.match(adaptiveText(messages[2]), /Adele Vance/);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-consented']);
    assertLogsFree('graph-token-consented', 'sso-no-consent');
  });

  it('refuses an exchange for another connection or without a token', async () => {
    const conversationId = conversation();
    await say(COMMAND, conversationId);
    const other = await post(
      signInInvoke(conversationId, 'signin/tokenExchange', {
        id: 'exchange-1',
        connectionName: 'someone-elses',
        token: 'sso-adele',
      }),
    );
    assert.equal(other.status, 400);
    const empty = await post(signInInvoke(conversationId, 'signin/tokenExchange', 'not an object'));
    assert.equal(empty.status, 400);
    assert.ok(!tokens.paths().includes('POST /api/usertoken/exchange'));
  });

  it('an expired token (Graph 401) signs the agent out and asks again; the new sign-in answers the command', async () => {
    tokens.held.set(TOKEN_KEY, 'graph-token-expired');
    graph.faults.add({ path: /^\/users\/[^/]+$/, status: 401, times: 1 });
    const conversationId = conversation();
    const [reply] = await say(COMMAND, conversationId);
    assert.equal(oauthCard(reply).connectionName, CONNECTION);
    assert.ok(tokens.paths().includes('DELETE /api/usertoken/SignOut'), 'the stale token is dropped');
    assert.equal(tokens.held.has(TOKEN_KEY), false);

    tokens.exchangeable.set('sso-adele-2', 'graph-token-fresh');
    graph.resetRequests();
    const exchange = await post(
      signInInvoke(conversationId, 'signin/tokenExchange', {
        id: 'exchange-1',
        connectionName: CONNECTION,
        token: 'sso-adele-2',
      }),
    );
    assert.equal(exchange.status, 200);
    const messages = await connector.waitForMessages(conversationId, 2);
    assert.match(adaptiveText(messages[1]), /Adele Vance/);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-fresh']);
    assertLogsFree('graph-token-expired', 'graph-token-fresh');
  });

  it('a 403 from Graph says the agent’s Intune role does not allow it, in English and Dutch', async () => {
    tokens.held.set(TOKEN_KEY, 'graph-token-adele');
    graph.faults.add({ path: /^\/users\/[^/]+$/, status: 403 });
    const [reply] = await say(COMMAND, conversation());
    const text = adaptiveText(reply);
    assert.match(text, /Your Intune role does not allow this/);
    assert.match(text, /Help Desk Operator/);
    assert.doesNotMatch(text, /Authorization_RequestDenied|403/);

    const [dutch] = await say('probleemoplossing AdeleV@contoso.example', conversation(), 'nl-NL');
    assert.match(adaptiveText(dutch), /Je Intune-rol staat dit niet toe/);
    assertLogsFree('graph-token-adele');
  });

  it('a section Intune refuses to the agent says their role does not allow it, not that the bot lacks a permission', async () => {
    tokens.held.set(TOKEN_KEY, 'graph-token-adele');
    graph.faults.add({ path: /\/managedAppRegistrations$/, status: 403 });
    const [reply] = await say(COMMAND, conversation());
    const text = adaptiveText(reply);
    assert.match(text, /Adele Vance/);
    assert.match(text, /your Intune role does not allow you to see this/);
    assert.doesNotMatch(text, /the bot lacks/);

    const [dutch] = await say('probleemoplossing AdeleV@contoso.example', conversation(), 'nl-NL');
    const nl = adaptiveText(dutch);
    assert.match(nl, /je Intune-rol staat je niet toe dit te zien/);
    assert.doesNotMatch(nl, /de bot mist|your Intune role/);
  });

  function click(
    conversationId: string,
    extra: Record<string, unknown> = {},
    locale = 'en-US',
  ): Partial<Activity> {
    const activity = invokeActivity(
      connector.url,
      'dashboard.open',
      { userId: FIXTURE.adele.id },
      { from: AGENT, conversationId, locale },
    );
    return { ...activity, value: { ...(activity.value as object), ...extra } };
  }

  interface InvokeAnswer {
    statusCode?: number;
    type?: string;
    value?: unknown;
  }

  it('a card action before sign-in is answered with the sign-in itself, and no message is sent', async () => {
    const conversationId = conversation();
    const response = await post(click(conversationId));
    const body = response.body as InvokeAnswer;
    assert.equal(response.status, 401);
    assert.equal(body.statusCode, 401);
    assert.equal(body.type, 'application/vnd.microsoft.activity.loginRequest');
    const card = body.value as OAuthCardContent;
    assert.equal(card.connectionName, CONNECTION);
    assert.equal(card.tokenExchangeResource?.id, 'exchange-1', 'Teams tries single sign-on first');
    assert.equal(card.buttons?.[0]?.type, 'signin');
    assert.equal(card.buttons?.[0]?.title, 'Sign in');
    assert.match(card.buttons?.[0]?.value ?? '', /^https:\/\/token\.example\//);
    assert.match(card.text ?? '', /your own account/);
    assert.deepEqual(graph.requests, []);
    assert.equal(connector.messagesIn(conversationId).length, 0, 'no separate sign-in card');

    const dutch = (await post(click(conversation(), {}, 'nl-NL'))).body as InvokeAnswer;
    const nl = dutch.value as OAuthCardContent;
    assert.equal(nl.buttons?.[0]?.title, 'Aanmelden');
    assert.match(nl.text ?? '', /je eigen account/);
  });

  it('Teams sends the click again with the SSO token: the action is answered, with the agent’s token', async () => {
    tokens.exchangeable.set('sso-adele-click', 'graph-token-click');
    const conversationId = conversation();
    const again = click(conversationId, {
      authentication: { id: 'exchange-1', connectionName: CONNECTION, token: 'sso-adele-click' },
    });
    const response = await post(again);
    const body = response.body as InvokeAnswer;
    assert.equal(response.status, 200);
    assert.equal(body.statusCode, 200);
    assert.match(cardText(body.value), /Adele Vance/);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-click']);
    // Signed in: the next click needs nothing more.
    graph.resetRequests();
    const next = (await post(click(conversationId))).body as InvokeAnswer;
    assert.equal(next.statusCode, 200);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-click']);
    assertLogsFree('graph-token-click', 'sso-adele-click');
  });

  it('an SSO token that cannot be exchanged gets 412, so Teams shows the sign-in button; the code then answers the click', async () => {
    tokens.needsConsent.add('sso-consent-click');
    const conversationId = conversation();
    const refused = (
      await post(
        click(conversationId, {
          authentication: { id: 'exchange-1', connectionName: CONNECTION, token: 'sso-consent-click' },
        }),
      )
    ).body as InvokeAnswer;
    assert.equal(refused.statusCode, 412);
    assert.equal(refused.type, 'application/vnd.microsoft.error.preconditionFailed');
    assert.deepEqual(graph.requests, []);

    const wrong = (await post(click(conversationId, { state: '999999' }))).body as InvokeAnswer;
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.type, 'application/vnd.microsoft.error.invalidAuthCode');

    tokens.codes.set('246810', 'graph-token-code');
    const signedIn = (await post(click(conversationId, { state: '246810' }))).body as InvokeAnswer;
    assert.equal(signedIn.statusCode, 200);
    assert.match(cardText(signedIn.value), /Adele Vance/);
    assert.deepEqual(graphAuthorizations(), ['Bearer graph-token-code']);
    assert.equal(connector.messagesIn(conversationId).length, 0);
    assertLogsFree('graph-token-code', '246810', 'sso-consent-click');
  });

  it('authentication for another connection is ignored: the click still asks to sign in', async () => {
    tokens.exchangeable.set('sso-other', 'graph-token-other');
    const body = (
      await post(
        click(conversation(), {
          authentication: { id: 'exchange-1', connectionName: 'someone-elses', token: 'sso-other' },
        }),
      )
    ).body as InvokeAnswer;
    assert.equal(body.type, 'application/vnd.microsoft.activity.loginRequest');
    assert.ok(!tokens.paths().includes('POST /api/usertoken/exchange'));
    assert.deepEqual(graph.requests, []);
  });

  it('an expired token on a click signs the agent out and answers the click with the sign-in', async () => {
    tokens.held.set(TOKEN_KEY, 'graph-token-expired-click');
    graph.faults.add({ path: /^\/users\/[^/]+$/, status: 401, times: 1 });
    const conversationId = conversation();
    const body = (await post(click(conversationId))).body as InvokeAnswer;
    assert.equal(body.type, 'application/vnd.microsoft.activity.loginRequest');
    assert.equal(tokens.held.has(TOKEN_KEY), false, 'the stale token is dropped');
    assert.equal(connector.messagesIn(conversationId).length, 0);
  });

  it('help needs no sign-in', async () => {
    const [reply] = await say('help', conversation());
    assert.ok(reply?.attachments.some((a) => a.contentType === ADAPTIVE_CARD));
    assert.deepEqual(tokens.requests, []);
  });
});
