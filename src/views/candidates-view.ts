import type { Translator } from '../i18n';
import type { UserIdentity } from '../troubleshooting/report';
import { accountLine } from './person-label';
import { plain, renderCard, type AdaptiveCard } from './render-card';

/** Graph returns at most this many candidates for a name (R3 uses $top=10). */
export const MAX_CANDIDATES = 10;

/** `pickVerb` is what choosing a person does: open their dashboard, or their audit. */
export function candidatesCard(
  query: string,
  candidates: readonly UserIdentity[],
  tr: Translator,
  pickVerb: 'user.pick' | 'audit.open' = 'user.pick',
  /** `capped`: the search returned its maximum, so there may be more; `scoped`: the agent's Intune scope leaves people out. */
  options: { capped?: boolean; scoped?: boolean } = {},
): AdaptiveCard {
  const { t } = tr;
  const shown = candidates.slice(0, MAX_CANDIDATES);
  const capped = options.capped ?? candidates.length >= MAX_CANDIDATES;
  return renderCard('candidates', {
    pickVerb,
    title: t('messages.candidatesTitle', { query: plain(query) }),
    intro: [
      t('messages.candidatesIntro'),
      ...(capped ? [t('messages.candidatesMore', { count: MAX_CANDIDATES })] : []),
      ...(options.scoped ? [t('messages.candidatesInScope')] : []),
    ].join(' '),
    candidates: shown.map((u) => ({
      id: u.id,
      name: plain(u.displayName),
      hints: [
        accountLine(u, tr),
        ...[u.jobTitle, u.department, u.officeLocation].filter((x): x is string => Boolean(x)).map(plain),
      ].join(' · '),
    })),
  });
}
