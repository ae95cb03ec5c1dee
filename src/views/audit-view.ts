// `audit <user>`: the recent lookups of one person, for helpdesk agents.
import type { AuditEntry } from '../audit/audit-log';
import type { Translator } from '../i18n';
import type { UserIdentity } from '../troubleshooting/report';
import { formatDateTime } from './format';
import { pageOf, pagingBar } from './paging';
import { accountLine } from './person-label';
import { plain, renderCard, type AdaptiveCard } from './render-card';
import { section, type ReportSectionsData, type SectionsAction } from './report-sections';

/** Rows per page of the audit card, newest first. */
export const AUDIT_PAGE_SIZE = 15;

/** "failure.open" → "opened an enrollment failure"; an action this version does not know → "another action". */
function actionText(action: string, tr: Translator): string {
  const key = action.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
  return /^\w{1,40}$/.test(key)
    ? tr.t(`audit.action.${key}`, { defaultValue: tr.t('audit.action.other') })
    : tr.t('audit.action.other');
}

export function auditCard(
  user: UserIdentity,
  entries: readonly AuditEntry[],
  tr: Translator,
  requestedPage: unknown = 0,
  /** How many entries were read at most: as many as this, and the card says "this many or more". */
  scanLimit = Number.POSITIVE_INFINITY,
): AdaptiveCard {
  const { t } = tr;
  const shown = pageOf(entries, requestedPage, AUDIT_PAGE_SIZE);
  const bar = pagingBar(shown, tr);
  const pager = (title: string, page: number): SectionsAction => ({
    title,
    verb: 'audit.open',
    data: { userId: user.id, page },
  });
  const data: ReportSectionsData = {
    title: t('audit.title', { name: plain(user.displayName) }),
    subtitle: accountLine(user, tr),
    status:
      entries.length >= scanLimit
        ? t('audit.countAtLeast', { count: scanLimit })
        : t('audit.count', { count: entries.length }),
    statusColor: 'Default',
    facts: [],
    sections: [
      section(
        t('audit.recent'),
        shown.items.map((e) => ({
          title: plain(e.requesterName) || (e.requesterId ?? '—'),
          status: t(`audit.outcome.${e.outcome}`),
          color: e.outcome === 'denied' || e.outcome === 'failed' ? 'Attention' : 'Default',
          lines: [
            `${formatDateTime(e.time, tr)} · ${actionText(e.action, tr)} · ${t(`audit.conversation.${e.conversationKind}`)}`,
          ],
        })),
        [t('audit.explain')],
        tr,
        bar.pageLabel ? [bar.pageLabel] : [],
      ),
    ],
    actions: [
      ...(bar.hasPrevious ? [pager(t('lists.previous'), bar.previousPage)] : []),
      ...(bar.hasNext ? [pager(t('lists.next'), bar.nextPage)] : []),
      { title: t('audit.open'), verb: 'dashboard.open', data: { userId: user.id } },
    ],
  };
  return renderCard('report-sections', data);
}
