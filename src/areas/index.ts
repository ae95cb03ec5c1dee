// The registry: every area of the report, in the pane's order. The Graph source reads and assembles them in
// this order (an area may use those before it), the dashboard shows their rows in it, and their verbs are
// card verbs. A new area is a descriptor file and one line here (README, "Adding an area").
import type { AreaReading } from '../graph/area-reading';
import type { DashboardArea } from '../views/dashboard-view';
import type { AreaDescriptor, ReportVerbMaker } from './area';
import { accountArea } from './account';
import { appProtectionArea } from './app-protection';
import { appsArea } from './apps';
import { devicesArea } from './devices';
import { enrollmentFailuresArea } from './enrollment-failures';
import { enrollmentRestrictionsArea } from './enrollment-restrictions';
import { groupsArea } from './groups';
import { licenseArea } from './license';
import { compliancePoliciesArea, configurationPoliciesArea } from './policies';

export const AREAS = [
  accountArea,
  licenseArea,
  devicesArea,
  appsArea,
  compliancePoliciesArea,
  configurationPoliciesArea,
  appProtectionArea,
  enrollmentRestrictionsArea,
  groupsArea,
  enrollmentFailuresArea,
] as const;

type VerbOf<D> = D extends AreaDescriptor<infer V> ? V : never;

/** The verbs that open an area's views. */
export type AreaVerbName = VerbOf<(typeof AREAS)[number]>;

export function areaVerbNames(areas: readonly AreaDescriptor[] = AREAS): AreaVerbName[] {
  return areas.flatMap((area) => Object.keys(area.verbs)) as AreaVerbName[];
}

/** What the Graph source reads, for `new GraphTroubleshootingSource({ areas })`. */
export function areaReadings(areas: readonly AreaDescriptor[] = AREAS): AreaReading[] {
  return areas.map((area) => area.reading);
}

/** The dashboard's rows, for `dashboardView`. */
export function dashboardAreas(areas: readonly AreaDescriptor[] = AREAS): DashboardArea[] {
  return areas.map((area) => area.dashboard);
}

/** The verb table's rows for the areas' verbs, each made with the bot's `make`. */
export function areaVerbTable<R>(
  make: ReportVerbMaker<R>,
  areas: readonly AreaDescriptor[] = AREAS,
): Record<AreaVerbName, R> {
  const entries = areas.flatMap((area) =>
    Object.entries(area.verbs).map(([verb, spec]) => [verb, spec.bind(make)] as const),
  );
  return Object.fromEntries(entries) as Record<AreaVerbName, R>;
}
