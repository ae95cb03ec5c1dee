import assert from 'node:assert/strict';
import { filterLiteral, pathSegment, queryString, queryValue, searchClause } from '../../src/graph/odata';
import { userByKeyRequest, usersByMailRequest, usersSearchRequest } from '../../src/graph/graph-requests';

describe('graph/odata escaping', () => {
  it('doubles single quotes in $filter string literals', () => {
    assert.equal(filterLiteral("o'neil@contoso.com"), "'o''neil@contoso.com'");
    assert.equal(filterLiteral("''"), "''''''");
  });

  it('keeps double quotes and backslashes literal inside a $filter string', () => {
    assert.equal(filterLiteral('a"b\\c'), `'a"b\\c'`);
  });

  it('escapes " and \\ with a backslash in a $search clause', () => {
    assert.equal(searchClause('displayName', 'say "hi"'), '"displayName:say \\"hi\\""');
    assert.equal(searchClause('displayName', 'C:\\temp'), '"displayName:C:\\\\temp"');
    assert.equal(searchClause('mail', "o'neil"), `"mail:o'neil"`);
  });

  it('percent-encodes path segments so a guest UPN keeps its #EXT#', () => {
    assert.equal(pathSegment('pat_fabrikam.com#EXT#@contoso.com'), 'pat_fabrikam.com%23EXT%23%40contoso.com');
    assert.equal(pathSegment('a/b?c&d'), 'a%2Fb%3Fc%26d');
    assert.equal(pathSegment('José Müller'), 'Jos%C3%A9%20M%C3%BCller');
  });

  it('percent-encodes query values so &, #, ? and + stay data', () => {
    assert.equal(queryValue("mail eq 'a&b#c?d+e'"), "mail%20eq%20'a%26b%23c%3Fd%2Be'");
    assert.equal(queryString({ $filter: 'x eq 1', $top: '10' }), '$filter=x%20eq%201&$top=10');
  });

  it('builds R1 with the UPN as one encoded path segment', () => {
    const r1 = userByKeyRequest('pat_fabrikam.com#EXT#@contoso.com');
    assert.match(r1.url, /^\/users\/pat_fabrikam\.com%23EXT%23%40contoso\.com\?\$select=/);
  });

  it('builds R2 whose decoded $filter doubles quotes and survives & and #', () => {
    const r2 = usersByMailRequest("o'ne&il#1@x.com");
    const filter = new URL(r2.url, 'http://x').searchParams.get('$filter');
    assert.equal(filter, "mail eq 'o''ne&il#1@x.com' or userPrincipalName eq 'o''ne&il#1@x.com'");
  });

  it('builds R3 whose decoded $search has escaped clauses, and asks for eventual consistency', () => {
    const r3 = usersSearchRequest('Zoë "Z" \\ / ?');
    const query = new URL(r3.url, 'http://x').searchParams;
    assert.equal(
      query.get('$search'),
      '"displayName:Zoë \\"Z\\" \\\\ / ?" OR "mail:Zoë \\"Z\\" \\\\ / ?" OR "userPrincipalName:Zoë \\"Z\\" \\\\ / ?"',
    );
    assert.equal(query.get('$count'), 'true');
    assert.deepEqual(r3.headers, { ConsistencyLevel: 'eventual' });
  });
});
