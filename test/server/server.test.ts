import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { startApp, type RunningApp } from '../../src/app';
import { envToConfig } from '../../src/config';
import { silentLogger } from '../../src/logging/logger';
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

/** botbuilder's CloudAdapter writes every refused request to console.error; the tests read it instead of printing it. */
async function capturingConsoleError<T>(run: () => Promise<T>): Promise<{ result: T; logged: unknown[][] }> {
  const consoleError = sinon.stub(console, 'error');
  try {
    const result = await run();
    return { result, logged: consoleError.getCalls().map((call) => call.args) };
  } finally {
    consoleError.restore();
  }
}

function assertOneAuthenticationError(logged: unknown[][]): void {
  assert.equal(logged.length, 1, 'one error reported by the adapter');
  const [error] = logged[0]!;
  assert.ok(error instanceof Error);
  assert.equal(error.constructor.name, 'AuthenticationError');
  assert.equal((error as Error & { statusCode?: number }).statusCode, 401);
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
    app = await startApp(config, silentLogger);
  });

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

  it('refuses an activity without a token with 401', async () => {
    const { result: response, logged } = await capturingConsoleError(() => post(JSON.stringify(activity)));
    assert.equal(response.status, 401);
    assertOneAuthenticationError(logged);
  });

  it('refuses an activity with a forged token with 401', async () => {
    const { result: response, logged } = await capturingConsoleError(() =>
      post(JSON.stringify(activity), { authorization: `Bearer ${forgedToken()}` }),
    );
    assert.equal(response.status, 401);
    assertOneAuthenticationError(logged);
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
