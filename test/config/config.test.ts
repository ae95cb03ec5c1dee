import { strict as assert } from 'node:assert';
import { ConfigError, envToConfig } from '../../src/config';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const GROUP = '99999999-8888-7777-6666-555555555555';

function problemsOf(env: Record<string, string>): string[] {
  try {
    envToConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return [...error.problems];
  }
  assert.fail('expected a ConfigError');
}

describe('envToConfig', () => {
  it('is demo mode with anonymous bot and the Playground when nothing is set', () => {
    const config = envToConfig({});
    assert.deepEqual(config.graph, { mode: 'demo' });
    assert.deepEqual(config.bot, { mode: 'anonymous' });
    assert.equal(config.port, 3978);
    assert.equal(config.playground, true);
    assert.equal(config.allowedTenantIds, null);
  });

  it('uses a loopback GRAPH_BASE_URL without a token when no Azure credential is set', () => {
    const config = envToConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:5990', HELPDESK_GROUP_IDS: GROUP });
    assert.deepEqual(config.graph, {
      mode: 'remote',
      baseUrl: 'http://127.0.0.1:5990',
      credential: 'none',
      tenantId: null,
      clientId: null,
    });
    assert.equal(config.playground, false);
    assert.equal(config.allowedTenantIds, 'any');
  });

  it('picks the client secret credential and the national cloud URL', () => {
    const config = envToConfig({
      GRAPH_BASE_URL: 'https://graph.microsoft.us',
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: APP_ID,
      AZURE_CLIENT_SECRET: 's3cret',
      HELPDESK_GROUP_IDS: `${GROUP}, ${TENANT}`,
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'pw',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
    });
    assert.equal(config.graph.mode === 'remote' && config.graph.credential, 'clientSecret');
    assert.equal(config.graph.mode === 'remote' && config.graph.baseUrl, 'https://graph.microsoft.us');
    assert.deepEqual(config.helpdeskGroupIds, [GROUP, TENANT]);
    assert.deepEqual(config.allowedTenantIds, [TENANT]);
  });

  it('refuses anonymous mode (no MicrosoftAppId) against a real tenant', () => {
    assert.match(
      problemsOf({ GRAPH_BASE_URL: 'https://graph.microsoft.com', HELPDESK_GROUP_IDS: GROUP }).join(),
      /MicrosoftAppId is required when Graph is a real tenant/,
    );
  });

  it('falls back to managed identity when only a cloud URL is set', () => {
    const config = envToConfig({
      GRAPH_BASE_URL: 'https://graph.microsoft.com',
      HELPDESK_GROUP_IDS: GROUP,
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
    });
    assert.equal(config.graph.mode === 'remote' && config.graph.credential, 'managedIdentity');
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      MicrosoftAppPassword: 'pw',
      GRAPH_BASE_URL: 'http://graph.example.com',
      AZURE_CLIENT_SECRET: 'x',
      AZURE_CLIENT_CERTIFICATE_PATH: '/tmp/cert.pem',
      HELPDESK_GROUP_IDS: 'not-a-guid',
      PLAYGROUND: 'maybe',
    });
    const text = problems.join('\n');
    for (const name of [
      'PORT',
      'MicrosoftAppPassword',
      'GRAPH_BASE_URL',
      'AZURE_CLIENT_CERTIFICATE_PATH',
      'AZURE_TENANT_ID',
      'HELPDESK_GROUP_IDS',
      'PLAYGROUND',
    ]) {
      assert.match(text, new RegExp(name), `expected a problem naming ${name}`);
    }
  });

  it('refuses contradictory bot registrations', () => {
    assert.match(
      problemsOf({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppPassword: 'x',
      }).join(),
      /MicrosoftAppTenantId/,
    );
    assert.match(problemsOf({ MicrosoftAppId: APP_ID }).join(), /MicrosoftAppPassword is required/);
    assert.match(
      problemsOf({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'Other', MicrosoftAppPassword: 'x' }).join(),
      /MicrosoftAppType/,
    );
    assert.match(
      problemsOf({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        GRAPH_BASE_URL: 'https://graph.microsoft.com',
        HELPDESK_GROUP_IDS: GROUP,
      }).join(),
      /ALLOWED_TENANT_IDS/,
    );
  });

  it('requires helpdesk groups outside demo mode in group mode', () => {
    assert.match(
      problemsOf({ GRAPH_BASE_URL: 'http://127.0.0.1:1', ACCESS_MODE: 'groups' }).join(),
      /HELPDESK_GROUP_IDS is required with ACCESS_MODE=groups/,
    );
  });

  describe('ACCESS_MODE', () => {
    it('is groups while HELPDESK_GROUP_IDS is set, and in demo mode', () => {
      assert.equal(
        envToConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:1', HELPDESK_GROUP_IDS: GROUP }).accessMode,
        'groups',
      );
      assert.equal(envToConfig({}).accessMode, 'groups');
    });

    it('is intune-roles for a tenant without helpdesk groups', () => {
      assert.equal(envToConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:1' }).accessMode, 'intune-roles');
    });

    it('can be chosen for the demo tenant, in any case', () => {
      assert.equal(envToConfig({ ACCESS_MODE: 'Intune-Roles' }).accessMode, 'intune-roles');
    });

    it('refuses helpdesk groups beside intune-roles, and unknown modes', () => {
      assert.match(
        problemsOf({ ACCESS_MODE: 'intune-roles', HELPDESK_GROUP_IDS: GROUP }).join(),
        /HELPDESK_GROUP_IDS is set but ACCESS_MODE is intune-roles/,
      );
      assert.match(
        problemsOf({ ACCESS_MODE: 'roles' }).join(),
        /ACCESS_MODE: expected groups or intune-roles, got "roles"/,
      );
    });
  });

  describe('GRAPH_AUTH', () => {
    it('is app by default', () => {
      assert.equal(envToConfig({}).graphAuth, 'app');
    });

    it('names a bad value', () => {
      assert.match(
        problemsOf({ GRAPH_AUTH: 'user' }).join(),
        /GRAPH_AUTH: expected app or delegated, got "user"/,
      );
    });
  });

  it('accepts a user-assigned managed identity bot without a password', () => {
    const config = envToConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
    });
    assert.equal(config.bot.mode, 'authenticated');
    assert.deepEqual(config.allowedTenantIds, [TENANT]);
  });
});
