import assert from 'node:assert/strict';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { ChainedTokenCredential, EnvironmentCredential, ManagedIdentityCredential } from '@azure/identity';
import sinon from 'sinon';
import { createCredential, createGraphClient } from '../../src/graph/create-graph-client';
import { GraphSettingsError } from '../../src/graph/errors';
import { GraphHttp } from '../../src/graph/graph-http';
import { newOperation } from '../../src/graph/operation-context';

class FakeCredential implements TokenCredential {
  scopes: string[] = [];
  getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return Promise.resolve({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 });
  }
}

describe('graph/create-graph-client', () => {
  afterEach(() => sinon.restore());

  it('refuses a credential-less client for anything but loopback', () => {
    assert.throws(
      () => createGraphClient({ baseUrl: 'https://graph.microsoft.com', credential: null }),
      GraphSettingsError,
    );
    assert.throws(
      () => createGraphClient({ baseUrl: 'http://10.0.0.5:3000', credential: null }),
      GraphSettingsError,
    );
    assert.ok(createGraphClient({ baseUrl: 'http://127.0.0.1:4000', credential: null }));
    assert.ok(createGraphClient({ baseUrl: 'http://localhost:4000/', credential: null }));
    assert.ok(createGraphClient({ baseUrl: 'http://[::1]:4000', credential: null }));
  });

  it('refuses to send a token over plain http and rejects non-URLs', () => {
    assert.throws(
      () => createGraphClient({ baseUrl: 'http://graph.example', credential: new FakeCredential() }),
      GraphSettingsError,
    );
    assert.throws(() => createGraphClient({ baseUrl: 'not a url', credential: null }), GraphSettingsError);
  });

  it('asks the credential for <cloud>/.default and sends the bearer token to a national cloud', async () => {
    const credential = new FakeCredential();
    const seen: { url: string; authorization: string | null; requestId: string | null }[] = [];
    sinon.stub(globalThis, 'fetch').callsFake((input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      seen.push({
        url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        authorization: headers.get('authorization'),
        requestId: headers.get('client-request-id'),
      });
      return Promise.resolve(new Response('{"subscriptionState":"active"}', { status: 200 }));
    });
    const baseUrl = 'https://graph.microsoft.us';
    const http = new GraphHttp(createGraphClient({ baseUrl, credential }), baseUrl);
    const outcome = await http.send(
      { method: 'GET', version: 'v1.0', url: '/deviceManagement' },
      newOperation(5_000),
    );

    assert.equal(outcome.ok, true);
    assert.deepEqual(credential.scopes, ['https://graph.microsoft.us/.default']);
    assert.equal(seen[0]?.url, 'https://graph.microsoft.us/v1.0/deviceManagement');
    assert.equal(seen[0]?.authorization, 'Bearer fake-token');
    assert.match(seen[0]?.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('builds the environment → managed identity chain, or either alone', () => {
    assert.ok(createCredential({ kind: 'environmentThenManagedIdentity' }) instanceof ChainedTokenCredential);
    assert.ok(createCredential({ kind: 'environment' }) instanceof EnvironmentCredential);
    assert.ok(
      createCredential({
        kind: 'managedIdentity',
        clientId: '00000000-0000-0000-0000-000000000001',
      }) instanceof ManagedIdentityCredential,
    );
  });
});
