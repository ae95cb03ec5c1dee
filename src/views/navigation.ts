// Navigation that keeps context: a row that opens a detail card carries where it was opened from
// (`back` in its data), and the detail card offers the way back there and to the dashboard. `back` comes
// back from the client, so it is rebuilt from an allow-list: a known verb and a few plain parameters.
import type { Translator } from '../i18n';

export interface NavAction {
  title: string;
  verb: string;
  data: Record<string, string | number>;
}

/** Where "Back" may lead, and the label key that names it. */
const BACK_TARGETS: ReadonlyMap<string, string> = new Map([
  ['dashboard.open', 'nav.back.dashboard'],
  ['devices.open', 'nav.back.devices'],
  ['device.open', 'nav.back.device'],
  ['failure.open', 'nav.back.failure'],
  ['apps.open', 'nav.back.apps'],
  ['compliance.open', 'nav.back.compliance'],
  ['configuration.open', 'nav.back.configuration'],
  ['groups.open', 'nav.back.groups'],
  ['failures.open', 'nav.back.failures'],
  ['appProtection.open', 'nav.back.appProtection'],
  ['restrictions.open', 'nav.back.restrictions'],
]);

/** Parameters a list needs to show the same page again; anything else in `back` is dropped. */
const BACK_PARAMS = ['page', 'deviceId', 'failureId', 'filter', 'show', 'policyId'] as const;
const PARAM_TEXT = /^[\w.:-]{1,100}$/;

export interface BackLink {
  verb: string;
  params: Record<string, string | number>;
}

export const DASHBOARD: BackLink = { verb: 'dashboard.open', params: {} };

/** The `back` value a row puts in its action: the list's own verb and what shows the same page again. */
export function backTo(verb: string, params: Record<string, string | number> = {}): BackLink {
  return { verb, params };
}

/** The action data of a row that opens a detail card: its own data plus where it was opened from. */
export function withBack(
  data: Record<string, string | number>,
  back: BackLink,
): Record<string, string | number | Record<string, string | number>> {
  return { ...data, back: { verb: back.verb, ...back.params } };
}

/** Reads `back` from untrusted action data; anything unknown or malformed leads to `fallback`. */
export function readBack(value: unknown, fallback: BackLink = DASHBOARD): BackLink {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fallback;
  const raw = value as Record<string, unknown>;
  const verb = raw.verb;
  if (typeof verb !== 'string' || !BACK_TARGETS.has(verb)) return fallback;
  const params: Record<string, string | number> = {};
  for (const key of BACK_PARAMS) {
    const param = raw[key];
    if (typeof param === 'number' && Number.isInteger(param) && param >= 0 && param < 100_000)
      params[key] = param;
    else if (typeof param === 'string' && PARAM_TEXT.test(param)) params[key] = param;
  }
  return { verb, params };
}

/**
 * "Back to …" (where the card was opened from) and "Dashboard" when that is somewhere else. The user id
 * is always the report's own, never one from the data.
 */
export function navigationActions(tr: Translator, userId: string, back: BackLink): NavAction[] {
  const actions: NavAction[] = [
    {
      title: tr.t(BACK_TARGETS.get(back.verb) ?? 'nav.back.dashboard'),
      verb: back.verb,
      data: { ...back.params, userId },
    },
  ];
  if (back.verb !== 'dashboard.open')
    actions.push({ title: tr.t('nav.dashboard'), verb: 'dashboard.open', data: { userId } });
  return actions;
}
