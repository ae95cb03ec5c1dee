// What the bot needs to know about an incoming activity, read once, as plain data.
import type { Activity } from 'botbuilder';
import type { Mention } from '../commands/parse-command';
import type { Requester } from '../flows/access-gate';
import { parseTimeZone } from '../i18n';

export type { Requester };

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface ActivityFacts {
  requester: Requester;
  locale: string | null;
  /** The client's IANA time zone (validated), or null when Teams sent none or something else. */
  timeZone: string | null;
  conversation: ConversationKind;
  conversationId: string;
  /** The team of a channel conversation (channelData.team.id), else null. */
  teamId: string | null;
  botId: string | null;
  mentions: Mention[];
}

interface MentionEntity {
  type: string;
  mentioned?: { id?: unknown; name?: unknown };
  text?: unknown;
  /** On the clientInfo entity. */
  timezone?: unknown;
}

/** Every tenant field the activity carries must name the same tenant; a forged one cannot ride along. */
function readTenant(activity: Partial<Activity>): { tenantId: string | null; tenantConflict?: true } {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const named = [channelData?.tenant?.id, activity.conversation?.tenantId]
    .filter((id): id is string => typeof id === 'string' && id !== '')
    .map((id) => id.toLowerCase());
  const distinct = [...new Set(named)];
  if (distinct.length > 1) return { tenantId: null, tenantConflict: true };
  return { tenantId: distinct[0] ?? null };
}

function readTeamId(activity: Partial<Activity>): string | null {
  const channelData = activity.channelData as { team?: { id?: unknown } } | undefined;
  const id = channelData?.team?.id;
  return typeof id === 'string' && id !== '' && id.length <= 300 ? id : null;
}

function readConversationKind(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat' || activity.conversation?.isGroup === true) return 'groupChat';
  return 'personal';
}

export function readActivityFacts(activity: Partial<Activity>): ActivityFacts {
  const mentions: Mention[] = [];
  // Entities come from the wire: anything that is not a list of objects is ignored, not trusted.
  const entities: unknown[] = Array.isArray(activity.entities) ? activity.entities : [];
  let timeZone = parseTimeZone(activity.localTimezone);
  for (const raw of entities) {
    if (raw === null || typeof raw !== 'object') continue;
    const entity = raw as MentionEntity;
    if (entity.type === 'clientInfo') timeZone ??= parseTimeZone(entity.timezone);
    if (entity.type !== 'mention') continue;
    const id = entity.mentioned?.id;
    const name = entity.mentioned?.name;
    const text = entity.text;
    if (typeof id === 'string' && typeof name === 'string') {
      mentions.push({ id, name, text: typeof text === 'string' ? text : `<at>${name}</at>` });
    }
  }
  const aadObjectId = activity.from?.aadObjectId;
  return {
    requester: {
      aadObjectId: typeof aadObjectId === 'string' && aadObjectId ? aadObjectId : null,
      name: typeof activity.from?.name === 'string' ? activity.from.name : '',
      ...readTenant(activity),
    },
    locale: typeof activity.locale === 'string' ? activity.locale : null,
    timeZone,
    conversation: readConversationKind(activity),
    conversationId: typeof activity.conversation?.id === 'string' ? activity.conversation.id : '',
    teamId: readTeamId(activity),
    botId: typeof activity.recipient?.id === 'string' ? activity.recipient.id : null,
    mentions,
  };
}
