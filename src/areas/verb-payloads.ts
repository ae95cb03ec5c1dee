// What a report card's button sends, parsed from the card's data (untrusted) into a typed payload: the parsers
// of the verbs that open a view of one report, shared by the area descriptors and the bot's verb table.
import { isObjectId } from '../access/access-policy';
import { readBack, type BackLink } from '../views/navigation';
import { listFilter, type ListFilter } from '../views/report-list';

/** A verb's payload, or null when the data cannot be one (a forged or damaged card). */
export type VerbParser<P> = (data: Record<string, unknown>) => P | null;

const MAX_ID_LENGTH = 64;

/** A page number as the lists read it: a whole number (or its digits), anything else the first page. */
export function pageOf(value: unknown): number {
  const asNumber = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isInteger(asNumber) ? asNumber : 0;
}

/** An id to look up in the report; a forged one becomes '' (no row has it), so the view answers as for any
 * row that is not there, after the same access checks. */
export function idOf(value: unknown): string {
  return typeof value === 'string' && value.length <= MAX_ID_LENGTH ? value : '';
}

/** The subject of a report card: whose report, and whether to read Graph again (Refresh). */
export interface ReportPayload {
  userId: string;
  refresh: boolean;
}
export interface ListPayload extends ReportPayload {
  page: number;
  filter: ListFilter;
}
export interface DevicePayload extends ReportPayload {
  deviceId: string;
  back: BackLink;
}
export interface FailurePayload extends ReportPayload {
  failureId: string;
  back: BackLink;
}

export const parseReport: VerbParser<ReportPayload> = (data) =>
  isObjectId(data.userId) ? { userId: data.userId, refresh: data.refresh === true } : null;

export const parseList: VerbParser<ListPayload> = (data) => {
  const report = parseReport(data);
  return report && { ...report, page: pageOf(data.page), filter: listFilter(data.filter) };
};

export const parseDevice: VerbParser<DevicePayload> = (data) => {
  const report = parseReport(data);
  return report && { ...report, deviceId: idOf(data.deviceId), back: readBack(data.back) };
};

export const parseFailure: VerbParser<FailurePayload> = (data) => {
  const report = parseReport(data);
  return report && { ...report, failureId: idOf(data.failureId), back: readBack(data.back) };
};
