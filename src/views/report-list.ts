// The shared shape of the list views (devices, client apps, policies, groups): rows that may open a
// detail view, a paging bar, and a way back. One template, cards/report-list.json.
import type { Translator } from '../i18n';
import type { Area, TroubleshootingReport } from '../troubleshooting/report';
import type { Color } from './color';
import { userSubtitle } from './person-label';
import { backTo, withBack } from './navigation';
import { pageOf, pagingBar } from './paging';
import { plain, renderCard, type AdaptiveCard } from './render-card';
import { unavailableText } from './unavailable';

export interface ListRow {
  title: string;
  status: string;
  color: Color;
  details: string;
  lines: string[];
  /** The verb the row opens, or '' for a row that opens nothing. */
  verb: string;
  action: Record<string, string | number | Record<string, string | number>>;
}

export interface ReportListData {
  strings: { previous: string; next: string; back: string };
  title: string;
  subtitle: string;
  summary: string;
  notes: string[];
  isEmpty: boolean;
  empty: string;
  rows: ListRow[];
  pageLabel: string;
  hasPrevious: boolean;
  hasNext: boolean;
  pageVerb: string;
  previousAction: Record<string, string | number>;
  nextAction: Record<string, string | number>;
  backVerb: string;
  backAction: Record<string, string | number>;
  /** "Only problems (6)" / "Show all (60)", or '' when the list has no problems. */
  filterTitle: string;
  filterAction: Record<string, string | number>;
}

export interface ListSpec<T> {
  report: TroubleshootingReport;
  tr: Translator;
  titleKey: string;
  /** The verb that shows this list; paging re-sends it with another page. */
  verb: string;
  area: Area<T[]>;
  pageSize: number;
  page: unknown;
  summary: (items: T[]) => string;
  row: (item: T) => ListRow;
  /** Extra parameters this list needs again on every page (e.g. a device id). */
  scope?: Record<string, string>;
  back?: { verb: string; action: Record<string, string> };
  notes?: string[];
  /** Rows that need attention: they come first, and the list offers "only problems". */
  problem?: (item: T) => boolean;
  /** The card's `filter`: 'problems' shows only problem rows; anything else shows all. */
  filter?: unknown;
}

export type ListFilter = 'problems' | 'all';

export function listFilter(value: unknown): ListFilter {
  return value === 'problems' ? 'problems' : 'all';
}

/** Problem rows first, each group in its original order. */
export function problemsFirst<T>(items: readonly T[], problem: (item: T) => boolean): T[] {
  return [...items.filter(problem), ...items.filter((i) => !problem(i))];
}

export function renderList<T>(spec: ListSpec<T>): AdaptiveCard {
  const { report, tr, area } = spec;
  const { t } = tr;
  const all = area.status === 'ok' ? area.data : [];
  const problem = spec.problem;
  const problems = problem ? all.filter(problem).length : 0;
  const filter = problems > 0 ? listFilter(spec.filter) : 'all';
  const items = problem ? (filter === 'problems' ? all.filter(problem) : problemsFirst(all, problem)) : all;
  const base = { userId: report.user.id, ...spec.scope, ...(filter === 'problems' ? { filter } : {}) };
  const page = pageOf(items, spec.page, spec.pageSize);
  const bar = pagingBar(page, tr);
  const notes = [...(spec.notes ?? [])];
  if (area.status === 'unavailable') notes.push(unavailableText(area, tr));
  else if (area.truncated) notes.push(t('lists.truncated', { count: all.length }));
  const data: ReportListData = {
    strings: { previous: t('lists.previous'), next: t('lists.next'), back: t('lists.back') },
    title: t(spec.titleKey),
    subtitle: `${plain(report.user.displayName)} · ${userSubtitle(report, tr)}`,
    summary: area.status === 'ok' ? spec.summary(all) : '',
    notes,
    isEmpty: area.status === 'ok' && items.length === 0,
    empty: t('lists.empty'),
    // A row's detail card leads back to this very page of this list.
    rows: page.items.map(spec.row).map((row) =>
      row.verb === ''
        ? row
        : {
            ...row,
            action: withBack(
              row.action as Record<string, string | number>,
              backTo(spec.verb, {
                ...spec.scope,
                ...(filter === 'problems' ? { filter } : {}),
                page: page.page,
              }),
            ),
          },
    ),
    pageLabel: bar.pageLabel,
    hasPrevious: bar.hasPrevious,
    hasNext: bar.hasNext,
    pageVerb: spec.verb,
    previousAction: { ...base, page: bar.previousPage },
    nextAction: { ...base, page: bar.nextPage },
    filterTitle:
      problems === 0
        ? ''
        : filter === 'problems'
          ? t('lists.showAll', { count: all.length })
          : t('lists.onlyProblems', { count: problems }),
    filterAction: {
      userId: report.user.id,
      ...spec.scope,
      filter: filter === 'problems' ? 'all' : 'problems',
      page: 0,
    },
    backVerb: spec.back?.verb ?? 'dashboard.open',
    backAction: spec.back?.action ?? { userId: report.user.id },
  };
  return renderCard('report-list', data);
}
