// `audit <user>`: the recent lookups of one person, for helpdesk agents.
import type { AuditEntry } from '../audit/audit-log';
import type { Translator } from '../i18n';
import type { UserIdentity } from '../troubleshooting/report';
import { formatDateTime } from './format';
import { accountLine } from './person-label';
import { plain, renderCard, type AdaptiveCard } from './render-card';
import { section, type ReportSectionsData } from './report-sections';

export const AUDIT_ROWS = 25;

/** "failure.open" → "opened an enrollment failure"; an action this version does not know → "another action". */
function actionText(action: string, tr: Translator): string {
  const key = action.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
  return /^\w{1,40}$/.test(key)
    ? tr.t(`audit.action.${key}`, { defaultValue: tr.t('audit.action.other') })
    : tr.t('audit.action.other');
}

export function auditCard(user: UserIdentity, entries: readonly AuditEntry[], tr: Translator): AdaptiveCard {
  const { t } = tr;
  const data: ReportSectionsData = {
    title: t('audit.title', { name: plain(user.displayName) }),
    subtitle: accountLine(user, tr),
    status: t('audit.count', { count: entries.length }),
    statusColor: 'Default',
    facts: [],
    sections: [
      section(
        t('audit.recent'),
        entries.slice(0, AUDIT_ROWS).map((e) => ({
          title: plain(e.requesterName) || (e.requesterId ?? '—'),
          status: t(`audit.outcome.${e.outcome}`),
          color: e.outcome === 'denied' || e.outcome === 'failed' ? 'Attention' : 'Default',
          lines: [
            `${formatDateTime(e.time, tr)} · ${actionText(e.action, tr)} · ${t(`audit.conversation.${e.conversationKind}`)}`,
          ],
        })),
        [t('audit.explain')],
        tr,
      ),
    ],
    actions: [{ title: t('audit.open'), verb: 'dashboard.open', data: { userId: user.id } }],
  };
  return renderCard('report-sections', data);
}
