// "Send logs to IT": for the platforms of the person's devices, how to collect logs and errors from the
// device and send them to the helpdesk, with Microsoft's own user-help page for each.
import type { Translator } from '../i18n';
import { LOG_GUIDES, logPlatforms } from '../troubleshooting/device-logs';
import type { TroubleshootingReport } from '../troubleshooting/report';
import { plain, renderCard, type AdaptiveCard } from './render-card';

export type DeviceLogsAudience = 'self' | 'agent' | 'sent';

interface CardAction {
  title: string;
  verb: string;
  data: Record<string, string>;
}

export function deviceLogsCard(
  report: TroubleshootingReport,
  tr: Translator,
  audience: DeviceLogsAudience,
  /** What just happened (the steps were sent, or could not be), shown above the steps. */
  notice: { title: string; line: string; color: 'Good' | 'Warning' | 'Accent' } | null = null,
): AdaptiveCard {
  const { t } = tr;
  const actions: CardAction[] = [];
  if (audience === 'self') actions.push({ title: t('nav.self'), verb: 'self.open', data: {} });
  if (audience === 'agent') {
    const userId = report.user.id;
    actions.push(
      {
        title: t('logs.send', { name: plain(report.user.displayName) }),
        verb: 'logs.send',
        data: { userId },
      },
      { title: t('lists.back'), verb: 'dashboard.open', data: { userId } },
    );
  }
  return renderCard('device-logs', {
    title: t(audience === 'sent' ? 'logs.titleSent' : 'logs.title'),
    intro: t(`logs.intro.${audience}`, { name: plain(report.user.displayName) }),
    platforms: logPlatforms(report).map((platform) => ({
      name: t(`logs.platform.${platform}`),
      guides: LOG_GUIDES[platform].map(({ guide, url }) => ({
        title: t(`logs.guide.${guide}.title`),
        steps: tr.list(`logs.guide.${guide}.steps`),
        linkLabel: t('logs.readMore'),
        url,
      })),
    })),
    notice,
    footer: t('logs.footer'),
    actions,
  });
}
