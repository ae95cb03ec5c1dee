import { asRecord } from './graph-response';

/** `#microsoft.graph.deviceEnrollmentLimitConfiguration` → `deviceEnrollmentLimitConfiguration`. */
export function odataType(value: unknown): string {
  const type = asRecord(value)?.['@odata.type'];
  return typeof type === 'string' ? type.replace(/^#?microsoft\.graph\./, '') : '';
}

export function textOrNull(value: string | null | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Graph sends `0001-01-01T00:00:00Z` for "never"; that and unparsable values become null. */
export function dateOrNull(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) || new Date(time).getUTCFullYear() < 1971 ? null : value;
}
