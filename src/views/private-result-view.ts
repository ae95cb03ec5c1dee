// In a channel or group chat, device and compliance data must not be posted for everyone to read. The
// shared card says only that a lookup happened; Teams refreshes it into the real card for the requester
// (a user-specific view), and anyone else who presses "Show" is authorized from scratch.
import type { Translator } from '../i18n';
import { plain, renderCard, type AdaptiveCard } from './render-card';

export interface RecreateAction {
  verb: string;
  data: Record<string, string>;
}

export function privateResultCard(
  tr: Translator,
  requesterName: string,
  requesterTeamsId: string,
  recreate: RecreateAction,
): AdaptiveCard {
  return renderCard('private-result', {
    strings: { show: tr.t('private.show') },
    title: tr.t('private.title', { name: plain(requesterName) || tr.t('private.someone') }),
    explanation: tr.t('private.explanation'),
    verb: recreate.verb,
    data: recreate.data,
    // Teams refreshes automatically only for these users; at most 60 are allowed.
    userIds: requesterTeamsId ? [requesterTeamsId] : [],
  });
}
