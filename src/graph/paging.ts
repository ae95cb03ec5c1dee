import type { GraphFailure } from './errors';
import type { GraphHttp } from './graph-http';
import { collectionItems, nextLinkOf } from './graph-response';
import type { OperationContext } from './operation-context';

export interface PageCap {
  maxItems: number;
  maxPages: number;
}

export const DEFAULT_PAGE_CAP: PageCap = { maxItems: 1000, maxPages: 10 };

export interface Paged {
  items: unknown[];
  /** Cut at the cap, at a link we do not follow, or at a page that failed: `items` is the first part. */
  truncated: boolean;
  /** Why a later page could not be read, when that is what cut the list. */
  pageFailure?: GraphFailure;
}

/**
 * Collects a collection from its first page, following each `@odata.nextLink` whole. Graph does not carry
 * `ConsistencyLevel` into nextLink requests, so `headers` (the first request's advanced-query headers) are sent
 * again with every page.
 */
export async function collectPages(
  http: GraphHttp,
  firstBody: unknown,
  headers: Record<string, string> | undefined,
  ctx: OperationContext,
  cap: PageCap = DEFAULT_PAGE_CAP,
): Promise<Paged> {
  const items = [...collectionItems(firstBody)];
  let link = nextLinkOf(firstBody);
  let pages = 1;
  while (link !== null) {
    if (items.length >= cap.maxItems || pages >= cap.maxPages) break;
    const request = http.nextLinkRequest(link, headers);
    if (request === null) break;
    const outcome = await http.send(request, ctx);
    if (!outcome.ok)
      return { items: items.slice(0, cap.maxItems), truncated: true, pageFailure: outcome.error };
    items.push(...collectionItems(outcome.response.body));
    link = nextLinkOf(outcome.response.body);
    pages += 1;
  }
  return { items: items.slice(0, cap.maxItems), truncated: link !== null || items.length > cap.maxItems };
}
