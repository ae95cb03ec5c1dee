// What a conversationUpdate or installationUpdate from Teams means for the bot, read once as plain data.
// Teams sends two events for one install (installationUpdate "add" and a conversationUpdate with the bot
// in membersAdded); both read as the same 'installed' event. Anything unexpected reads as 'other'.
import type { Activity } from 'botbuilder';

export type InstallScope = 'personal' | 'team' | 'groupChat';

export type TeamsEvent =
  | { kind: 'installed' | 'uninstalled'; scope: InstallScope; teamId: string | null }
  | { kind: 'channelDeleted' | 'channelRestored'; teamId: string | null; channelId: string }
  | {
      kind: 'teamArchived' | 'teamUnarchived' | 'teamDeleted' | 'teamHardDeleted' | 'teamRestored';
      teamId: string;
    }
  | { kind: 'other' };

const TEAM_EVENTS = new Set([
  'teamArchived',
  'teamUnarchived',
  'teamDeleted',
  'teamHardDeleted',
  'teamRestored',
]);

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value.length <= 500 ? value : null;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function includesBot(members: unknown, botId: string | null): boolean {
  return botId !== null && Array.isArray(members) && members.some((m) => text(record(m).id) === botId);
}

function scopeOf(activity: Partial<Activity>, teamId: string | null): InstallScope {
  const type = activity.conversation?.conversationType;
  if (type === 'channel' || teamId !== null) return 'team';
  if (type === 'groupChat' || activity.conversation?.isGroup === true) return 'groupChat';
  return 'personal';
}

export function readTeamsEvent(activity: Partial<Activity>): TeamsEvent {
  const channelData = record(activity.channelData);
  const teamId = text(record(channelData.team).id);
  const channelId = text(record(channelData.channel).id);
  const eventType = text(channelData.eventType);
  const botId = text(activity.recipient?.id);

  if (activity.type === 'installationUpdate') {
    const action = text(activity.action)?.toLowerCase();
    const scope = scopeOf(activity, teamId);
    if (action === 'add' || action === 'add-upgrade') return { kind: 'installed', scope, teamId };
    if (action === 'remove' || action === 'remove-upgrade') return { kind: 'uninstalled', scope, teamId };
    return { kind: 'other' };
  }
  if (activity.type !== 'conversationUpdate') return { kind: 'other' };

  if (includesBot(activity.membersAdded, botId))
    return { kind: 'installed', scope: scopeOf(activity, teamId), teamId };
  if (includesBot(activity.membersRemoved, botId))
    return { kind: 'uninstalled', scope: scopeOf(activity, teamId), teamId };
  if ((eventType === 'channelDeleted' || eventType === 'channelRestored') && channelId !== null)
    return { kind: eventType, teamId, channelId };
  // Teams' own docs spell some of these in lower case (teamrestored); the SDKs compare case-insensitively.
  const teamEvent = [...TEAM_EVENTS].find((e) => e.toLowerCase() === eventType?.toLowerCase());
  if (teamEvent !== undefined && teamId !== null) return { kind: teamEvent as 'teamArchived', teamId };
  return { kind: 'other' };
}
