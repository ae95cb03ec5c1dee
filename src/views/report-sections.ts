// The shared shape of the detail views (a device, app protection, enrollment restrictions): facts, then
// sections of rows, then actions. One template, cards/report-sections.json.
import type { Translator } from '../i18n';
import type { TroubleshootingReport, Unavailable } from '../troubleshooting/report';
import type { Color } from './color';
import { userSubtitle } from './person-label';
import type { EscalationFormData } from './escalation-form';
import { plain, renderCard, type AdaptiveCard } from './render-card';
import { unavailableText } from './unavailable';

/** Rows per section; the list views page through everything. */
export const SECTION_ROWS = 15;

export interface SectionRow {
  title: string;
  status: string;
  color: Color;
  lines: string[];
}

export interface Section {
  title: string;
  notes: string[];
  rows: SectionRow[];
  /** Lines under the rows: how many more there are, which page this is. */
  after: string[];
}

export interface SectionsAction {
  title: string;
  verb: string;
  data: Record<string, string | number>;
}

export interface ReportSectionsData {
  title: string;
  subtitle: string;
  status: string;
  statusColor: Color;
  facts: { title: string; value: string }[];
  sections: Section[];
  actions: SectionsAction[];
  /** The "Escalate to tier 2" form, on cards about one thing that can go wrong (a device). */
  canEscalate?: boolean;
  escalation?: EscalationFormData;
}

/** A section with at most SECTION_ROWS rows, saying under them how many more there are, or that there are none. */
export function section(
  title: string,
  rows: SectionRow[],
  notes: string[],
  tr: Translator,
  after: string[] = [],
): Section {
  const extra = [...notes];
  if (rows.length === 0 && notes.length === 0) extra.push(tr.t('lists.empty'));
  const below =
    rows.length > SECTION_ROWS
      ? [tr.t('deviceDetails.more', { count: rows.length - SECTION_ROWS }), ...after]
      : after;
  return { title, notes: extra, rows: rows.slice(0, SECTION_ROWS), after: below };
}

/** A section of an area that could not be read: its title, and why, in words an agent can act on. */
export function unreadableSection(title: string, area: Unavailable, tr: Translator): Section {
  return section(title, [], [unavailableText(area, tr)], tr);
}

/** A detail view's way back to the dashboard of the same person. */
export function backToDashboard(report: TroubleshootingReport, tr: Translator): SectionsAction {
  return { title: tr.t('lists.back'), verb: 'dashboard.open', data: { userId: report.user.id } };
}

/** A detail view of an area that could not be read: why, and the way back to the dashboard. */
export function unreadableAreaCard(
  report: TroubleshootingReport,
  tr: Translator,
  titles: { card: string; section: string },
  area: Unavailable,
): AdaptiveCard {
  return renderSections(report, tr, {
    title: titles.card,
    sections: [unreadableSection(titles.section, area, tr)],
    actions: [backToDashboard(report, tr)],
  });
}

export function renderSections(
  report: TroubleshootingReport,
  tr: Translator,
  data: Omit<ReportSectionsData, 'subtitle' | 'status' | 'statusColor' | 'facts'> &
    Partial<Pick<ReportSectionsData, 'status' | 'statusColor' | 'facts'>>,
): AdaptiveCard {
  const full: ReportSectionsData = {
    status: '',
    statusColor: 'Default',
    facts: [],
    canEscalate: false,
    ...data,
    subtitle: `${plain(report.user.displayName)} · ${userSubtitle(report, tr)}`,
  };
  return renderCard('report-sections', full);
}
