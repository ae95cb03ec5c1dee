import type { EnrollmentTroubleshootingEvent } from '@microsoft/microsoft-graph-types-beta';
import {
  ENROLLMENT_FAILURE_CATEGORIES,
  type EnrollmentFailure,
  type EnrollmentFailureCategory,
} from '../troubleshooting/report';
import { odataType, textOrNull } from './odata-type';

const CATEGORIES: readonly EnrollmentFailureCategory[] = ENROLLMENT_FAILURE_CATEGORIES;

/**
 * The user's troubleshooting events are typed by `@odata.type`; only enrollment events are failures to show.
 * `troubleshootingErrorDetails` is beta-only: Microsoft's own failure text, remediation and links.
 */
export function mapEnrollmentFailures(
  events: readonly EnrollmentTroubleshootingEvent[],
): EnrollmentFailure[] {
  return events
    .filter((e) => {
      const type = odataType(e);
      return type === '' || type === 'enrollmentTroubleshootingEvent';
    })
    .map((e): EnrollmentFailure => {
      const details = e.troubleshootingErrorDetails;
      const resources = (details?.resources ?? []).flatMap((r) =>
        r.text && r.link ? [{ text: r.text, link: r.link }] : [],
      );
      const hasDetails =
        details != null &&
        [details.context, details.failure, details.failureDetails, details.remediation].some((t) => !!t);
      return {
        id: e.id ?? '',
        occurredAt: e.eventDateTime ?? '',
        operatingSystem: textOrNull(e.operatingSystem),
        osVersion: textOrNull(e.osVersion),
        category: CATEGORIES.find((c) => c === e.failureCategory) ?? 'unknown',
        failureReason: textOrNull(e.failureReason),
        correlationId: textOrNull(e.correlationId),
        enrollmentType: textOrNull(e.enrollmentType),
        managedDeviceId: textOrNull(e.managedDeviceIdentifier),
        microsoftDetails:
          hasDetails || resources.length > 0
            ? {
                context: textOrNull(details?.context),
                failure: textOrNull(details?.failure),
                failureDetails: textOrNull(details?.failureDetails),
                remediation: textOrNull(details?.remediation),
                resources,
              }
            : null,
      };
    })
    .sort((a, b) => (Date.parse(b.occurredAt) || 0) - (Date.parse(a.occurredAt) || 0));
}
