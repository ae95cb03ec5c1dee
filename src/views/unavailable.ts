import type { Translator } from '../i18n';
import type { Unavailable } from '../troubleshooting/report';

/** "Not available: missing permission DeviceManagementApps.Read.All (request-id …)". */
export function unavailableText(area: Unavailable, tr: Translator): string {
  const reason = tr.t(`unavailable.${area.kind}`, {
    permission: area.permission ?? '',
    status: area.httpStatus ?? '',
  });
  const reference = area.requestId
    ? tr.t('unavailable.reference', { requestId: area.requestId, date: area.date ?? '' })
    : '';
  // Still on its way is not "not available".
  if (area.kind === 'loading') return reason;
  return [tr.t('unavailable.prefix'), reason, reference].filter(Boolean).join(' ');
}
