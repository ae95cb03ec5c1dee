// How a person is named under their name: their UPN, or for a B2B guest "Guest from their home address"
// instead of the #EXT# UPN nobody can read.
import type { Translator } from '../i18n';
import type { TroubleshootingReport, UserIdentity } from '../troubleshooting/report';
import { plain } from './render-card';

/** A guest's own address: the mail Entra keeps, else the one encoded in the #EXT# UPN (a_b.example#EXT#@…). */
export function guestHomeAddress(user: Pick<UserIdentity, 'mail' | 'userPrincipalName'>): string | null {
  if (user.mail && !user.mail.toUpperCase().includes('#EXT#')) return user.mail;
  const local = user.userPrincipalName.split(/#EXT#/i)[0] ?? '';
  const at = local.lastIndexOf('_');
  return at > 0 && at < local.length - 1 ? `${local.slice(0, at)}@${local.slice(at + 1)}` : null;
}

export function accountLine(
  user: Pick<UserIdentity, 'mail' | 'userPrincipalName' | 'isGuest'>,
  tr: Translator,
): string {
  if (!user.isGuest) return plain(user.userPrincipalName);
  const home = guestHomeAddress(user);
  return home ? tr.t('person.guestFrom', { address: plain(home) }) : tr.t('person.guest');
}

/** The line under a person's name on every report card: how to reach them, then job, department, office. */
export function userSubtitle(report: Pick<TroubleshootingReport, 'user'>, tr: Translator): string {
  const { user } = report;
  return [
    accountLine(user, tr),
    ...[user.jobTitle, user.department, user.officeLocation]
      .filter((x): x is string => Boolean(x))
      .map(plain),
  ].join(' · ');
}
