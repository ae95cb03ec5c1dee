// App protection: the policies that target the user, the apps registered under them (with flags), and
// Intune's own diagnostics with its mitigation text.
import type { Translator } from '../i18n';
import type { TroubleshootingReport } from '../troubleshooting/report';
import { appName } from '../troubleshooting/app-names';
import { formatDateTime } from './format';
import { plain, type AdaptiveCard } from './render-card';
import { backToDashboard, renderSections, section, unreadableAreaCard } from './report-sections';

export function appProtectionCard(report: TroubleshootingReport, tr: Translator): AdaptiveCard {
  const { t } = tr;
  const area = report.appProtection;
  const back = [backToDashboard(report, tr)];
  if (area.status === 'unavailable') {
    return unreadableAreaCard(
      report,
      tr,
      { card: t('sections.appProtection'), section: t('appProtection.policies') },
      area,
    );
  }
  const { policies, registrations, diagnostics } = area.data;
  return renderSections(report, tr, {
    title: t('sections.appProtection'),
    sections: [
      section(
        t('appProtection.policies'),
        policies.map((p) => ({
          title: plain(p.displayName),
          status: tr.word('appProtection.kind', p.kind),
          color: 'Default',
          lines: p.lastModifiedDateTime
            ? [t('appProtection.modified', { when: formatDateTime(p.lastModifiedDateTime, tr) })]
            : [],
        })),
        [],
        tr,
      ),
      section(
        t('appProtection.registrations'),
        registrations.map((r) => ({
          // The product name; the bundle id only as a detail line, and as the title of an app not known here.
          title: appName(r.appIdentifier) ?? plain(r.appIdentifier),
          status: r.flaggedReasons.length > 0 ? t('appProtection.flagged') : t('appProtection.ok'),
          color: r.flaggedReasons.length > 0 ? 'Attention' : 'Good',
          lines: [
            [
              appName(r.appIdentifier) ? plain(r.appIdentifier) : null,
              r.platform,
              r.applicationVersion,
              r.deviceName,
              r.deviceType,
              r.platformVersion,
            ]
              .filter(Boolean)
              .map((x) => plain(x))
              .join(' · '),
            t('appProtection.lastSync', { when: formatDateTime(r.lastSyncDateTime, tr) }),
            ...r.flaggedReasons.map((reason) => tr.word('flaggedReason', reason)),
            ...(r.appliedPolicies.length > 0
              ? [
                  t('appProtection.applied', {
                    policies: r.appliedPolicies.map((p) => plain(p.displayName)).join(', '),
                  }),
                ]
              : []),
          ],
        })),
        [],
        tr,
      ),
      section(
        t('appProtection.diagnostics'),
        diagnostics.map((d) => ({
          title: plain(d.validationName),
          status: plain(d.state),
          color: 'Warning',
          lines: d.mitigationInstruction ? [plain(d.mitigationInstruction)] : [],
        })),
        [],
        tr,
      ),
    ],
    actions: back,
  });
}
