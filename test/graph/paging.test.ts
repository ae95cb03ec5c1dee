import assert from 'node:assert/strict';
import { collectPages } from '../../src/graph/paging';
import { FIXTURE, startFixtureGraphServer, type FixtureGraphServer } from '../support/fixture-graph-server';
import { httpFor, operation } from './source-for';

describe('graph/paging', () => {
  let server: FixtureGraphServer;
  const path = `/users/${FIXTURE.adele.id}/transitiveMemberOf/microsoft.graph.group`;
  const headers = { ConsistencyLevel: 'eventual' };
  beforeEach(async () => {
    server = await startFixtureGraphServer({ groupPageSize: 2 });
  });
  afterEach(async () => {
    await server.close();
  });

  async function firstPage(): Promise<unknown> {
    const http = httpFor(server.url);
    const outcome = await http.send(
      { method: 'GET', version: 'v1.0', url: `${path}?$count=true`, headers },
      operation(),
    );
    assert.ok(outcome.ok);
    return outcome.response.body;
  }

  it('follows the whole nextLink and sends ConsistencyLevel again on every page', async () => {
    const body = await firstPage();
    const ctx = operation();
    const paged = await collectPages(httpFor(server.url), body, headers, ctx);
    assert.equal(paged.items.length, 4);
    assert.equal(paged.truncated, false);
    const pageRequests = server.requests.slice(1);
    assert.equal(pageRequests.length, 1);
    assert.equal(pageRequests[0]?.query.get('$skiptoken'), '2');
    assert.ok(server.requests.every((r) => r.headers.consistencylevel === 'eventual'));
  });

  it('stops at the cap and marks the list truncated', async () => {
    const body = await firstPage();
    const paged = await collectPages(httpFor(server.url), body, headers, operation(), {
      maxItems: 1000,
      maxPages: 1,
    });
    assert.equal(paged.items.length, 2);
    assert.equal(paged.truncated, true);
    assert.equal(server.requests.length, 1, 'no page request past the cap');
  });

  it('keeps the first part when a later page fails', async () => {
    const body = await firstPage();
    server.faults.add({ path, status: 403 });
    const paged = await collectPages(httpFor(server.url), body, headers, operation());
    assert.equal(paged.items.length, 2);
    assert.equal(paged.truncated, true);
    assert.equal(paged.pageFailure?.name, 'GraphRequestError');
  });
});
