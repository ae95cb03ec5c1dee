// Compliance policies and configuration profiles, per device. Not generic: their detail is read in round trip
// 2, by the source, for devices with a problem (and any an agent opens); the configuration sweep in round trip
// 1 names the devices whose profiles fail although the device is compliant.
import { available } from '../graph/area';
import { DEVICE_REQUESTS, LOADING, type AreaReading, type NamedReading } from '../graph/area-reading';
import { PERMISSION, configurationSweepRequest } from '../graph/graph-requests';
import type { Translator } from '../i18n';
import { isPolicyProblem } from '../troubleshooting/diagnosis';
import type {
  Area,
  Device,
  DevicePolicies,
  PolicyState,
  TroubleshootingReport,
} from '../troubleshooting/report';
import { policiesCard, policyRows } from '../views/list-views';
import { defineArea, opens, section, type AreaDescriptor, type AreaVerb } from './area';
import { parseList } from './verb-payloads';

/**
 * Policy detail per device, for the devices it was read for (those with a problem, and any an agent opened);
 * the others have no entry until opened.
 */
function devicePolicies(
  devices: Area<Device[]>,
  perDevice: ReadonlyMap<string, Area<PolicyState[]>> | undefined,
  sweep: ReadonlyMap<string, PolicyState[]> | null = null,
): Area<DevicePolicies[]> {
  if (devices.status !== 'ok') return devices;
  if (perDevice === undefined) return LOADING;
  const entries = devices.data.flatMap((d) => {
    const swept = sweep?.get(d.id.toLowerCase());
    const policies = perDevice.get(d.id) ?? (swept ? available(swept) : undefined);
    return policies === undefined ? [] : [{ deviceId: d.id, deviceName: d.name, policies }];
  });
  // One cause for every device (a missing permission, the budget) is one cause for the whole area.
  const first = entries[0]?.policies;
  if (first?.status === 'unavailable' && entries.every((e) => e.policies.status === 'unavailable'))
    return first;
  return available(entries, devices.truncated);
}

const eachDevice = (data: DevicePolicies[], each: (area: Area<unknown>) => Area<unknown>): DevicePolicies[] =>
  // `each` returns an area of the same data (a refusal relabelled, or the area itself).
  data.map((d) => ({ ...d, policies: each(d.policies) as Area<PolicyState[]> }));

const complianceReading: NamedReading<'compliancePolicies'> = {
  key: 'compliancePolicies',
  permission: PERMISSION.configuration,
  requests: [],
  assemble: (read) => devicePolicies(read.area('devices'), read.policyDetail?.compliance),
  nested: eachDevice,
};

const configurationReading: NamedReading<'configurationPolicies'> = {
  key: 'configurationPolicies',
  permission: PERMISSION.configuration,
  requests: [{ id: DEVICE_REQUESTS.sweep, build: (key) => configurationSweepRequest(key, 0) }],
  assemble: (read) => devicePolicies(read.area('devices'), read.policyDetail?.configuration, read.sweep),
  nested: eachDevice,
};

/** A policies area: its section counts policies as the view shows them, one row per policy. */
function policiesArea<const V extends string>(
  reading: AreaReading,
  title: (tr: Translator) => string,
  verb: V,
  view: AreaVerb,
  policies: (report: TroubleshootingReport) => Area<DevicePolicies[]>,
): AreaDescriptor<V> {
  return defineArea({
    reading,
    dashboard: {
      section: section(title, verb, policies, (devices, tr, _now, _diagnosis, report) => {
        const { t } = tr;
        const total = report.devices.status === 'ok' ? report.devices.data.length : 0;
        // Counted as the policy view shows them: one row per policy, failing when it fails on any device.
        const rows = policyRows(devices).flatMap((r) => (r.kind === 'policy' ? [r] : []));
        const failing = rows.filter((r) => r.on.some((o) => isPolicyProblem(o.state.state))).length;
        // Healthy devices' policies are read only when their view opens: a count of them would be a guess.
        const partial = devices.length < total;
        return {
          summary: !partial
            ? t('dashboard.policiesSummary', { count: rows.length, failing })
            : failing === 0 && devices.every((d) => d.policies.status === 'ok')
              ? t('dashboard.policiesNoneFailing')
              : t('dashboard.policiesFailingRead', { count: failing, read: devices.length, total }),
          color: failing > 0 ? 'Attention' : 'Default',
        };
      }),
    },
    verbs: { [verb]: view } as Record<V, AreaVerb>,
  });
}

export const compliancePoliciesArea = policiesArea(
  complianceReading,
  (tr) => tr.t('sections.compliancePolicies'),
  'compliance.open',
  opens(
    parseList,
    (p) => (report, tr) => policiesCard('compliance', report, tr, p.page, p.filter),
    // The first card reads policies only for devices with a problem; the view reads the others.
    () => ({ allCompliance: true }),
  ),
  (report) => report.compliancePolicies,
);

export const configurationPoliciesArea = policiesArea(
  configurationReading,
  (tr) => tr.t('sections.configurationPolicies'),
  'configuration.open',
  opens(parseList, (p) => (report, tr) => policiesCard('configuration', report, tr, p.page, p.filter)),
  (report) => report.configurationPolicies,
);
