// Long lists page inside the card (Action.Execute next/previous), so a card for a user with 200 devices
// or 500 groups stays within Teams' size budget.
import type { Translator } from '../i18n';

export interface Page<T> {
  items: T[];
  /** Zero-based, clamped to the available pages. */
  page: number;
  pageCount: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** The paging bar's data: "Page 2 of 5 (48 in all)" (empty for one page) and the neighbouring pages. */
export function pagingBar(
  page: Pick<Page<unknown>, 'page' | 'pageCount' | 'total'>,
  tr: Translator,
): { pageLabel: string; hasPrevious: boolean; hasNext: boolean; previousPage: number; nextPage: number } {
  return {
    pageLabel:
      page.pageCount > 1
        ? tr.t('lists.page', { page: page.page + 1, pages: page.pageCount, total: page.total })
        : '',
    hasPrevious: page.page > 0,
    hasNext: page.page < page.pageCount - 1,
    previousPage: page.page - 1,
    nextPage: page.page + 1,
  };
}

export function pageOf<T>(items: readonly T[], requestedPage: unknown, size: number): Page<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const asNumber = typeof requestedPage === 'number' ? requestedPage : Number(requestedPage ?? 0);
  const page = Number.isInteger(asNumber) ? Math.min(Math.max(asNumber, 0), pageCount - 1) : 0;
  return {
    items: items.slice(page * size, page * size + size),
    page,
    pageCount,
    total: items.length,
    hasPrevious: page > 0,
    hasNext: page < pageCount - 1,
  };
}
