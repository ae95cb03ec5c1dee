import assert from 'node:assert/strict';
import { request } from 'node:http';

import { Client, ResponseType } from '@microsoft/microsoft-graph-client';

import {
  DEMO_HELPDESK_GROUP_ID,
  PEOPLE,
  startDemoTenant,
  userIdFor,
  type DemoTenant,
} from '../../src/demo-tenant';
import { fakeClock, spin, track, until } from '../support/fake-clock';
import { call, EVENTUAL, get, getAll, values } from './helpers';

const id = (name: keyof typeof PEOPLE): string => userIdFor(PEOPLE[name].key);
const upn = (name: keyof typeof PEOPLE): string => `${PEOPLE[name].key}@northwind.example`;

/** The status of one request sent with node:http, which sets no timers of its own. */
function statusOf(tenant: DemoTenant, method: 'GET' | 'POST', path: string, body?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(`${tenant.url}${path}`, { method, headers: { 'content-type': 'application/json' } });
    sent.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    sent.on('error', reject);
    sent.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('demo tenant: HTTP behaviour', () => {
  let tenant: DemoTenant;

  before(async () => {
    tenant = await startDemoTenant({ port: 0 });
  });

  after(async () => {
    await tenant.close();
  });

  afterEach(() => {
    tenant.faults.clear();
    tenant.setLatency(0);
    tenant.resetRequests();
  });

  it('listens on loopback and reports its URL without a trailing slash', () => {
    assert.match(tenant.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe('paging', () => {
    it("serves a user's devices 1,000 to a page, and $top smaller pages", async () => {
      const all = await get(tenant, `/beta/users/${id('kees')}/managedDevices?$select=id`);
      assert.equal(values(all).length, 500);
      assert.equal(all.body['@odata.nextLink'], undefined);
      const clamped = await get(tenant, `/beta/users/${id('kees')}/managedDevices?$select=id&$top=5000`);
      assert.equal(values(clamped).length, 500);
    });

    it('pages 60 devices with full-URL nextLinks until the end', async () => {
      const path = `/beta/users/${id('wouter')}/managedDevices?$select=id,deviceName,joinType&$top=20`;
      const { items, pages, first } = await getAll(tenant, path);
      assert.equal(items.length, 60);
      assert.ok(pages >= 3, `expected several pages, got ${pages}`);
      assert.equal(new Set(items.map((d) => d.id)).size, 60);
      const link = first.body['@odata.nextLink'];
      assert.ok(typeof link === 'string' && link.startsWith(`${tenant.url}/beta/users/`));
      assert.match(String(link), /\$skiptoken=/);
      assert.match(String(link), /\$select=id,deviceName,joinType/);
      assert.equal(pages, 3, 'pages of 20');
    });

    it('pages ~150 transitive groups; @odata.count only on the first page and ConsistencyLevel needed on every page', async () => {
      const path = `/v1.0/users/${id('anouk')}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName,groupTypes,securityEnabled,mailEnabled&$top=100&$count=true`;
      const { items, pages, first } = await getAll(tenant, path, EVENTUAL);
      assert.ok(items.length >= 145, `got ${items.length} groups`);
      assert.ok(pages >= 2);
      assert.equal(first.body['@odata.count'], items.length);
      const second = await get(tenant, String(first.body['@odata.nextLink']), EVENTUAL);
      assert.equal(second.body['@odata.count'], undefined);
      const withoutHeader = await get(tenant, String(first.body['@odata.nextLink']));
      assert.equal(withoutHeader.status, 400);
    });

    it('honours a small $top as the page size', async () => {
      const reply = await get(tenant, `/v1.0/users?$top=5&$select=id`);
      assert.equal(values(reply).length, 5);
      assert.equal(typeof reply.body['@odata.nextLink'], 'string');
    });
  });

  describe('users: lookup, $filter and $search', () => {
    it('looks a guest up by UPN with #EXT# sent as %23EXT%23, case-insensitively', async () => {
      const reply = await get(
        tenant,
        `/v1.0/users/GRACE.MILLER_contoso.example%23EXT%23@northwind.example?$select=id,userType,userPrincipalName`,
      );
      assert.equal(reply.status, 200);
      assert.equal(reply.body.userType, 'Guest');
      assert.equal(reply.body.userPrincipalName, 'grace.miller_contoso.example#EXT#@northwind.example');
    });

    it("finds O'Brien with a doubled quote in $filter (mail eq … or userPrincipalName eq …)", async () => {
      const address = "siobhan.o''brien@northwind.example";
      const filter = encodeURIComponent(`mail eq '${address}' or userPrincipalName eq '${address}'`);
      const reply = await get(tenant, `/v1.0/users?$filter=${filter}&$select=id,displayName,mail`);
      assert.equal(reply.status, 200);
      assert.deepEqual(
        values(reply).map((u) => u.displayName),
        ["Siobhan O'Brien"],
      );
      const prefix = await get(
        tenant,
        `/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'Marco d''A')")}`,
      );
      assert.deepEqual(
        values(prefix).map((u) => u.displayName),
        ["Marco d'Ancona"],
      );
    });

    it('answers 400 for $filter forms it does not support', async () => {
      for (const filter of [
        "endswith(mail,'example')",
        "displayName ne 'x'",
        "jobTitle eq 'x'",
        "mail eq 'unterminated",
      ]) {
        const reply = await get(tenant, `/v1.0/users?$filter=${encodeURIComponent(filter)}`);
        assert.equal(reply.status, 400, filter);
      }
    });

    it('rejects $search without ConsistencyLevel: eventual like Graph', async () => {
      const reply = await get(tenant, `/v1.0/users?$search=${encodeURIComponent('"displayName:sanne"')}`);
      assert.equal(reply.status, 400);
      assert.equal((reply.body.error as { code: string }).code, 'Request_UnsupportedQuery');
    });

    it('searches displayName by word prefix, mail by prefix, with OR and backslash escapes', async () => {
      const search = async (expression: string): Promise<string[]> => {
        const reply = await get(
          tenant,
          `/v1.0/users?$search=${encodeURIComponent(expression)}&$count=true&$top=10&$select=displayName`,
          EVENTUAL,
        );
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        return values(reply).map((u) => String(u.displayName));
      };
      assert.deepEqual((await search('"displayName:sanne"')).sort(), ['Sanne Willems', 'Sanne de Boer']);
      assert.ok((await search('"displayName:willems"')).includes('Sanne Willems'));
      assert.deepEqual(await search('"displayName:zoe"'), ['Zoë Çelik']);
      assert.deepEqual((await search('"displayName:daan" OR "mail:pieter.van"')).sort(), [
        'Daan Smit',
        'Pieter van den Berg',
      ]);
      assert.deepEqual(await search('"displayName:\\"Smit\\""'), ['Daan Smit']);
      assert.deepEqual(await search('"userPrincipalName:jerome.lefevre_fabrikam"'), ['Jérôme Lefèvre']);
      assert.deepEqual(await search('"mail:anne"'), []);
    });
  });

  describe('groups and checkMemberGroups', () => {
    it('checkMemberGroups is transitive through the nested group', async () => {
      const check = async (userId: string): Promise<unknown> =>
        (
          await call(tenant, 'POST', `/v1.0/users/${userId}/checkMemberGroups`, {
            body: { groupIds: [DEMO_HELPDESK_GROUP_ID] },
          })
        ).body.value;
      assert.deepEqual(await check(id('ruben')), [DEMO_HELPDESK_GROUP_ID]);
      assert.deepEqual(await check(id('lotte')), [DEMO_HELPDESK_GROUP_ID]);
      assert.deepEqual(await check(id('james')), []);
    });

    it('memberOf is direct only; transitiveMemberOf adds the parent group', async () => {
      const names = async (relation: string): Promise<unknown[]> =>
        values(
          await get(
            tenant,
            `/v1.0/users/${id('ruben')}/${relation}/microsoft.graph.group?$select=displayName&$count=true`,
            EVENTUAL,
          ),
        ).map((g) => g.displayName);
      assert.ok(!(await names('memberOf')).includes('Helpdesk Agents'));
      assert.ok((await names('memberOf')).includes('Helpdesk Tier 2'));
      assert.ok((await names('transitiveMemberOf')).includes('Helpdesk Agents'));
    });
  });

  describe('errors', () => {
    it("answers a missing user with 404 Request_ResourceNotFound in Graph's error shape", async () => {
      const reply = await get(tenant, '/v1.0/users/nobody@northwind.example', {
        'client-request-id': 'abc-123',
      });
      assert.equal(reply.status, 404);
      const error = reply.body.error as { code: string; message: string; innerError: Record<string, string> };
      assert.equal(error.code, 'Request_ResourceNotFound');
      assert.equal(typeof error.message, 'string');
      assert.match(error.innerError.date ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      assert.equal(error.innerError['client-request-id'], 'abc-123');
      assert.equal(error.innerError['request-id'], reply.headers.get('request-id'));
      assert.equal(reply.headers.get('client-request-id'), 'abc-123');
      assert.ok(reply.headers.get('date'));
    });

    it('answers unknown segments with 400 and unknown Intune ids with 404 ResourceNotFound', async () => {
      const unknown = await get(tenant, `/v1.0/users/${id('daan')}/nonsense`);
      assert.equal(unknown.status, 400);
      assert.match((unknown.body.error as { message: string }).message, /nonsense/);
      const betaOnly = await get(tenant, `/v1.0/users/${id('daan')}/mobileAppIntentAndStates`);
      assert.equal(betaOnly.status, 400);
      const device = await get(
        tenant,
        '/beta/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000001/deviceCompliancePolicyStates',
      );
      assert.equal(device.status, 404);
      assert.equal((device.body.error as { code: string }).code, 'ResourceNotFound');
    });

    it('rejects unknown $select properties, and beta-only ones in v1.0', async () => {
      assert.equal((await get(tenant, `/v1.0/users/${id('daan')}?$select=id,favouriteColour`)).status, 400);
      assert.equal(
        (await get(tenant, `/v1.0/users/${id('daan')}/managedDevices?$select=id,joinType`)).status,
        400,
      );
      assert.equal(
        (await get(tenant, `/beta/users/${id('daan')}/managedDevices?$select=id,joinType`)).status,
        200,
      );
    });
  });

  describe('$batch', () => {
    it('rejects more than 20 requests with 400', async () => {
      const requests = Array.from({ length: 21 }, (_, i) => ({
        id: String(i + 1),
        method: 'GET',
        url: '/deviceManagement',
      }));
      const reply = await call(tenant, 'POST', '/v1.0/$batch', { body: { requests } });
      assert.equal(reply.status, 400);
      assert.ok(reply.body.error);
    });

    it('runs sub-requests through the router and answers each with {id,status,headers,body}', async () => {
      const reply = await call(tenant, 'POST', '/beta/$batch', {
        body: {
          requests: [
            { id: '1', method: 'GET', url: `/users/${id('daan')}/deviceManagementTroubleshootingEvents` },
            { id: '2', method: 'GET', url: `/users/${id('daan')}/mobileAppIntentAndStates` },
            { id: '3', method: 'GET', url: '/users/nobody@northwind.example' },
          ],
        },
      });
      assert.equal(reply.status, 200);
      const responses = reply.body.responses as {
        id: string;
        status: number;
        headers: Record<string, string>;
        body: Record<string, unknown>;
      }[];
      assert.deepEqual(
        responses.map((r) => [r.id, r.status]),
        [
          ['1', 200],
          ['2', 200],
          ['3', 404],
        ],
      );
      assert.ok(Array.isArray(responses[0]?.body.value));
      assert.equal(typeof responses[0]?.headers['Content-Type'], 'string');
      assert.equal((responses[2]?.body.error as { code: string }).code, 'Request_ResourceNotFound');
      assert.equal(tenant.requests.filter((r) => r.viaBatch).length, 3);
      assert.equal(tenant.requests.filter((r) => !r.viaBatch && r.path === '/$batch').length, 1);
    });

    it('answers 424 for a request whose dependency failed, and runs it when the dependency succeeded', async () => {
      const reply = await call(tenant, 'POST', '/v1.0/$batch', {
        body: {
          requests: [
            { id: 'a', method: 'GET', url: '/users/nobody@northwind.example' },
            { id: 'b', method: 'GET', url: `/users/${id('daan')}`, dependsOn: ['a'] },
            { id: 'c', method: 'GET', url: '/deviceManagement?$select=id,subscriptionState' },
            { id: 'd', method: 'GET', url: `/users/${id('daan')}?$select=id`, dependsOn: ['c'] },
          ],
        },
      });
      const status = Object.fromEntries(
        (reply.body.responses as { id: string; status: number }[]).map((r) => [r.id, r.status]),
      );
      assert.deepEqual(status, { a: 404, b: 424, c: 200, d: 200 });
    });

    it('passes sub-request headers (ConsistencyLevel) and records them', async () => {
      const reply = await call(tenant, 'POST', '/v1.0/$batch', {
        headers: { Authorization: 'Bearer demo' },
        body: {
          requests: [
            {
              id: '1',
              method: 'GET',
              url: `/users?$search="displayName:sanne"&$count=true`,
              headers: { ConsistencyLevel: 'eventual' },
            },
            {
              id: '2',
              method: 'POST',
              url: `/users/${id('emma')}/checkMemberGroups`,
              body: { groupIds: [DEMO_HELPDESK_GROUP_ID] },
              headers: { 'Content-Type': 'application/json' },
            },
          ],
        },
      });
      const [search, check] = reply.body.responses as { status: number; body: Record<string, unknown> }[];
      assert.equal(search?.status, 200);
      assert.equal(search?.body['@odata.count'], 2);
      assert.deepEqual(check?.body.value, [DEMO_HELPDESK_GROUP_ID]);
      const recorded = tenant.requests.find((r) => r.viaBatch && r.path === '/users');
      assert.equal(recorded?.headers.consistencylevel, 'eventual');
      assert.equal(recorded?.headers.authorization, true);
      assert.equal(recorded?.query, '$search="displayName:sanne"&$count=true');
    });
  });

  describe('fault injection and latency', () => {
    it('throttles with 429 and Retry-After, then succeeds', async () => {
      const path = `/users/${id('sanneDeBoer')}/managedAppRegistrations`;
      tenant.faults.add({ path, status: 429, times: 1, retryAfterSeconds: 2 });
      const throttled = await get(tenant, `/v1.0${path}?$expand=appliedPolicies`);
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '2');
      assert.equal((throttled.body.error as { code: string }).code, 'TooManyRequests');
      const retried = await get(tenant, `/v1.0${path}?$expand=appliedPolicies`);
      assert.equal(retried.status, 200);
      const registration = values(retried)[0];
      assert.ok(Array.isArray(registration?.appliedPolicies) && registration.appliedPolicies.length > 0);
    });

    it('applies faults to batch sub-requests, with Retry-After in the sub-response headers', async () => {
      tenant.faults.add({
        method: 'GET',
        path: /\/getManagedAppPolicies$/,
        status: 429,
        retryAfterSeconds: 3,
      });
      const reply = await call(tenant, 'POST', '/v1.0/$batch', {
        body: {
          requests: [
            { id: '1', method: 'GET', url: `/users/${id('lotte')}/getManagedAppPolicies` },
            { id: '2', method: 'GET', url: `/users/${id('lotte')}/getManagedAppDiagnosticStatuses` },
          ],
        },
      });
      const [first, second] = reply.body.responses as { status: number; headers: Record<string, string> }[];
      assert.equal(first?.status, 429);
      assert.equal(first?.headers['Retry-After'], '3');
      assert.equal(second?.status, 200);
    });

    it('hangs before answering when asked, and adds latency once per round trip', async () => {
      // node:http rather than fetch: fetch keeps timers of its own, and the only ones here must be the tenant's.
      const clock = fakeClock(['setTimeout', 'clearTimeout']);
      try {
        tenant.faults.add({ path: '/deviceManagement', status: 504, hangMs: 200, times: 1 });
        const slow = track(statusOf(tenant, 'GET', '/v1.0/deviceManagement'));
        await until(() => clock.countTimers() === 1, 'the request is held');
        await clock.tickAsync(199);
        await spin();
        assert.equal(slow.settled, false, 'held for the 200 ms asked');
        await clock.tickAsync(1);
        assert.equal(await slow.promise, 504);

        tenant.setLatency(150);
        const requests = Array.from({ length: 5 }, (_, i) => ({
          id: String(i),
          method: 'GET',
          url: '/deviceManagement',
        }));
        const batch = track(statusOf(tenant, 'POST', '/v1.0/$batch', { requests }));
        await until(() => clock.countTimers() === 1, 'the batch is held');
        await clock.tickAsync(149);
        await spin();
        assert.equal(batch.settled, false, 'held for the latency');
        await clock.tickAsync(1);
        // Five sub-requests, one round trip: 150 ms in all, not 5 × 150.
        await until(() => batch.settled, 'the batch answered after one latency');
        assert.equal(await batch.promise, 200);
      } finally {
        clock.restore();
      }
    });
  });

  describe('shapes', () => {
    it('expands assignments on enrollment configurations; the default has the highest priority of its kind', async () => {
      const reply = await get(
        tenant,
        '/v1.0/deviceManagement/deviceEnrollmentConfigurations?$expand=assignments',
      );
      const items = values(reply);
      const platform = items.filter(
        (c) => c['@odata.type'] === '#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration',
      );
      const defaultPlatform = platform.find((c) => String(c.id).endsWith('_DefaultPlatformRestrictions'));
      assert.ok(defaultPlatform);
      assert.ok(platform.every((c) => Number(c.priority) <= Number(defaultPlatform.priority)));
      assert.ok(items.every((c) => Array.isArray(c.assignments) && c.assignments.length > 0));
      const limits = items
        .filter((c) => c['@odata.type'] === '#microsoft.graph.deviceEnrollmentLimitConfiguration')
        .map((c) => c.limit);
      assert.deepEqual([...limits].sort(), [15, 5].sort());
      assert.ok(
        items.some(
          (c) => c['@odata.type'] === '#microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration',
        ),
      );
    });

    it('keeps troubleshootingErrorDetails to beta', async () => {
      const path = `/users/${id('daan')}/deviceManagementTroubleshootingEvents`;
      const beta = values(await get(tenant, `/beta${path}`));
      const v1 = values(await get(tenant, `/v1.0${path}`));
      assert.ok(
        beta.some(
          (e) => e.troubleshootingErrorDetails !== null && e.troubleshootingErrorDetails !== undefined,
        ),
      );
      assert.ok(beta.some((e) => e.troubleshootingErrorDetails === null));
      assert.ok(v1.every((e) => !('troubleshootingErrorDetails' in e)));
    });

    it('returns only the $select-ed properties, with null for unset ones', async () => {
      const reply = await get(tenant, `/v1.0/users/${id('grace')}?$select=id,department,userType`);
      const { '@odata.context': context, ...rest } = reply.body;
      assert.match(String(context), /\$metadata#users\(id,department,userType\)\/\$entity$/);
      assert.deepEqual(rest, { id: id('grace'), department: null, userType: 'Guest' });
    });
  });

  describe('with the Microsoft Graph SDK client', () => {
    it('serves the SDK, including an http nextLink passed back to client.api()', async () => {
      const client = Client.init({ baseUrl: tenant.url, authProvider: (done) => done(null, 'demo-token') });
      const user = (await client
        .api(`/users/${upn('daan')}`)
        .select('id,displayName')
        .get()) as { id: string };
      assert.equal(user.id, id('daan'));
      const first = (await client
        .api(`/users/${id('wouter')}/managedDevices`)
        .version('beta')
        .select('id')
        .top(25)
        .get()) as {
        '@odata.nextLink': string;
      };
      const raw = (await client
        .api(first['@odata.nextLink'])
        .responseType(ResponseType.RAW)
        .get()) as Response;
      assert.equal(raw.status, 200);
      const second = (await raw.json()) as { value: unknown[] };
      assert.equal(second.value.length, 25);
    });
  });
});
