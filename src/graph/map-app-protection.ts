import type {
  ManagedAppDiagnosticStatus,
  ManagedAppPolicy,
  ManagedAppRegistration,
} from '@microsoft/microsoft-graph-types';
import type { AppProtection, AppRegistration } from '../troubleshooting/report';
import { asRecord } from './graph-response';
import { dateOrNull, odataType, textOrNull } from './odata-type';

/** appIdentifier is a derived type per platform, each with its own id property. */
const IDENTIFIERS: readonly { type: string; property: string; platform: string }[] = [
  { type: 'androidMobileAppIdentifier', property: 'packageId', platform: 'android' },
  { type: 'iosMobileAppIdentifier', property: 'bundleId', platform: 'ios' },
  { type: 'windowsAppIdentifier', property: 'windowsAppId', platform: 'windows' },
  { type: 'macAppIdentifier', property: 'bundleId', platform: 'macOS' },
];

export function mapAppProtection(
  registrations: readonly ManagedAppRegistration[],
  policies: readonly ManagedAppPolicy[],
  diagnostics: readonly ManagedAppDiagnosticStatus[],
): AppProtection {
  return {
    registrations: registrations.map(mapRegistration),
    policies: policies.map((p) => ({
      id: p.id ?? '',
      displayName: p.displayName ?? p.id ?? '',
      kind: odataType(p) || 'managedAppPolicy',
      lastModifiedDateTime: dateOrNull(p.lastModifiedDateTime),
    })),
    diagnostics: diagnostics
      .filter((d) => (d.state ?? '').toLowerCase() !== 'ok')
      .map((d) => ({
        validationName: d.validationName ?? '',
        state: d.state ?? 'unknown',
        mitigationInstruction: textOrNull(d.mitigationInstruction),
      })),
  };
}

function mapRegistration(r: ManagedAppRegistration): AppRegistration {
  const identifier = asRecord(r.appIdentifier);
  const type = odataType(identifier);
  const known = IDENTIFIERS.find((i) => i.type === type);
  const value = known ? identifier?.[known.property] : undefined;
  const fallback = Object.values(identifier ?? {}).find(
    (v): v is string => typeof v === 'string' && !v.startsWith('#') && !v.startsWith('microsoft.graph.'),
  );
  return {
    id: r.id ?? '',
    appIdentifier: typeof value === 'string' ? value : (fallback ?? ''),
    platform: known?.platform ?? platformFromRegistrationType(odataType(r)),
    applicationVersion: textOrNull(r.applicationVersion),
    deviceName: textOrNull(r.deviceName),
    deviceType: textOrNull(r.deviceType),
    platformVersion: textOrNull(r.platformVersion),
    lastSyncDateTime: dateOrNull(r.lastSyncDateTime),
    flaggedReasons: (r.flaggedReasons ?? []).filter((reason) => reason !== 'none'),
    appliedPolicies: (r.appliedPolicies ?? []).map((p) => ({
      id: p.id ?? '',
      displayName: p.displayName ?? p.id ?? '',
    })),
  };
}

function platformFromRegistrationType(type: string): string {
  if (type.startsWith('android')) return 'android';
  if (type.startsWith('ios')) return 'ios';
  if (type.startsWith('windows')) return 'windows';
  return 'unknown';
}
