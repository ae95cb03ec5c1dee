import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { startApp, type RunningApp } from '../../src/app';
import { envToConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import sinon from 'sinon';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

const activity = {
  type: 'message',
  id: 'a1',
  text: 'help',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/_connector',
  from: { id: '29:someone', aadObjectId: TENANT },
  recipient: { id: '28:bot' },
  conversation: { id: 'c1' },
};

/** A JWT with a plausible header and claims, signed with a key Microsoft never issued. */
function forgedToken(): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT', kid: 'forged' });
  const now = Math.floor(Date.now() / 1000);
  const payload = encode({
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    iat: now,
    nbf: now,
    exp: now + 600,
    serviceurl: activity.serviceUrl,
  });
  const signature = createHmac('sha256', 'not-microsoft').update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Runs `run` with console.error watched: botbuilder's own request handling would print every refused token. */
async function watchingConsoleError<T>(run: () => Promise<T>): Promise<{ result: T; printed: unknown[][] }> {
  const consoleError = sinon.stub(console, 'error');
  try {
    const result = await run();
    return { result, printed: consoleError.getCalls().map((call) => call.args) };
  } finally {
    consoleError.restore();
  }
}

describe('server with a configured MicrosoftAppId', () => {
  let app: RunningApp;

  before(async () => {
    const config = envToConfig({
      PORT: '0',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret-not-used-offline',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      // Nothing listens here: these tests must be decided before any Graph call.
      GRAPH_BASE_URL: 'http://127.0.0.1:9',
      HELPDESK_GROUP_IDS: TENANT,
    });
    app = await startApp(
      config,
      createLogger((line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
    );
  });
  const logs: Record<string, unknown>[] = [];
  const unauthorizedLines = () => logs.filter((l) => l.event === 'request.unauthorized');

  after(() => app.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers /healthz', async () => {
    const response = await fetch(`${app.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('keeps an idle connection open for 65 s, so a client reusing it is not reset', async () => {
    const response = await fetch(`${app.url}/healthz`);
    await response.body?.cancel();
    assert.equal(response.headers.get('keep-alive'), 'timeout=65');
  });

  it('refuses an activity without a token with 401: one quiet log line, nothing printed, no error text', async () => {
    const before = unauthorizedLines().length;
    const { result: response, printed } = await watchingConsoleError(() => post(JSON.stringify(activity)));
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: 'unauthorized' });
    assert.deepEqual(printed, []);
    const lines = unauthorizedLines().slice(before);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'warn');
    assert.equal(lines[0]?.hadToken, false);
    assert.doesNotMatch(JSON.stringify(lines[0]), /stack|at Object|\.js:/);
  });

  it('refuses an activity with a forged token with 401: one quiet log line, nothing printed, no error text', async () => {
    const before = unauthorizedLines().length;
    const { result: response, printed } = await watchingConsoleError(() =>
      post(JSON.stringify(activity), { authorization: `Bearer ${forgedToken()}` }),
    );
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: 'unauthorized' });
    assert.deepEqual(printed, []);
    const lines = unauthorizedLines().slice(before);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.hadToken, true);
  });

  it('answers malformed JSON and non-activities with 400, and keeps serving', async () => {
    assert.equal((await post('{"type": "message",')).status, 400);
    assert.equal((await post('[1,2,3]')).status, 400);
    assert.equal((await post('{"hello":"world"}')).status, 400);
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await post(JSON.stringify({ ...activity, text: 'x'.repeat(300 * 1024) }));
    assert.equal(response.status, 413);
  });
});
