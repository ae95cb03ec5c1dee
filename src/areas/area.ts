// The shape of one area of the report, declared in one place: what Graph is asked and how the answer is
// mapped (`reading`, handed to the Graph source), its rows on the dashboard, and the verbs that open its views
// with their parsers. The registry (./index.ts) lists every area; the source, the dashboard and the verb
// table iterate it.
import type { AreaReading } from '../graph/area-reading';
import type { Translator } from '../i18n';
import type { Area, ReportOptions, TroubleshootingReport } from '../troubleshooting/report';
import type { Diagnosis } from '../troubleshooting/diagnosis';
import type { Color } from '../views/color';
import { areaValue, type DashboardArea } from '../views/dashboard-view';
import type { AdaptiveCard } from '../views/render-card';
import { areaOf } from '../troubleshooting/report';
import type { ReportPayload, VerbParser } from './verb-payloads';

/** Renders one view of a report (the presenter's ReportView). */
export type AreaView = (report: TroubleshootingReport, tr: Translator, now: Date) => AdaptiveCard;

/** What opening a view reads besides the report (a device's policies, every device's compliance). */
export type ViewReads = Pick<ReportOptions, 'detailFor' | 'allCompliance'>;

/** The verb table's way of turning a parser and a view into a verb (src/bot/card-verbs.ts `reportVerb`). */
export type ReportVerbMaker<R> = <P extends ReportPayload>(
  parse: VerbParser<P>,
  view: (payload: P) => AreaView,
  reads?: (payload: P) => ViewReads,
) => R;

/** A verb that opens a view of the report: its parser and view, kept typed against each other until bound. */
export interface AreaVerb {
  bind<R>(make: ReportVerbMaker<R>): R;
}

export function opens<P extends ReportPayload>(
  parse: VerbParser<P>,
  view: (payload: P) => AreaView,
  reads?: (payload: P) => ViewReads,
): AreaVerb {
  return { bind: (make) => make(parse, view, reads) };
}

export interface AreaDescriptor<V extends string = string> {
  /** Requests, permission and mapping: what the Graph source reads for this area. */
  reading: AreaReading;
  /** Its rows on the dashboard. */
  dashboard: DashboardArea;
  /** The card verbs that open its views, each with its parser. */
  verbs: Readonly<Record<V, AreaVerb>>;
}

/** Declares an area; its verbs' names become card verbs (CARD_VERBS) through the registry. */
export function defineArea<const V extends string = never>(descriptor: AreaDescriptor<V>): AreaDescriptor<V> {
  return descriptor;
}

/** A dashboard section: its title, the verb that opens its view, and its summary (or why it could not be read). */
export function section<T>(
  title: (tr: Translator) => string,
  verb: string,
  area: (report: TroubleshootingReport) => Area<T>,
  describe: (
    data: T,
    tr: Translator,
    now: Date,
    diagnosis: Diagnosis,
    report: TroubleshootingReport,
  ) => { summary: string; color: Color },
): NonNullable<DashboardArea['section']> {
  return (report, tr, now, diagnosis) => {
    // The same words for an area that could not be read as its status row would have.
    const { value, color } = areaValue(area(report), tr, (data) => {
      const described = describe(data, tr, now, diagnosis, report);
      return { value: described.summary, color: described.color };
    });
    return { title: title(tr), verb, summary: value, color };
  };
}

/** An area only its descriptor knows (in the report's `moreAreas`), with the type its reading gave it. */
export function ownArea<T>(report: TroubleshootingReport, key: string): Area<T> {
  // Its own reading assembled it as Area<T>; a report from before the area existed lacks it.
  return (areaOf(report, key) as Area<T> | undefined) ?? { status: 'unavailable', kind: 'error' };
}
