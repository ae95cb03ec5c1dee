// Teams-shaped activities the bot receives besides messages and card actions, written from the shapes in
// Microsoft's Teams docs ("Conversation events in your Teams bot", "Installation update event"): app
// installs and uninstalls in each scope, team and channel events, reactions, edits, deletes, Action.Submit
// messages, files, and invokes. Each returns an activity to POST to /api/messages.
import type { Activity } from 'botbuilder';
import { DEMO_TENANT_ID } from '../../src/demo-tenant';
import { BOT, type Person } from './bot-harness';

/** A team: its id is also the id of its General channel. */
export interface Team {
  id: string;
  name: string;
  aadGroupId: string;
}

export interface Channel {
  id: string;
  name: string;
}

let sequence = 0;
function nextId(): string {
  sequence++;
  return `f:${sequence.toString(16).padStart(8, '0')}`;
}

let teams = 0;
export function newTeam(name: string): Team {
  teams++;
  return {
    id: `19:team-${name}-${teams}@thread.tacv2`,
    name,
    aadGroupId: `00000000-0000-4000-8000-${String(teams).padStart(12, '0')}`,
  };
}

export function newChannel(name: string): Channel {
  teams++;
  return { id: `19:channel-${name}-${teams}@thread.tacv2`, name };
}

interface Common {
  serviceUrl: string;
  from: Person;
  tenantId?: string;
  locale?: string;
}

function base(c: Common): Partial<Activity> {
  return {
    id: nextId(),
    timestamp: new Date(),
    channelId: 'msteams',
    serviceUrl: c.serviceUrl,
    from: { id: c.from.teamsId, name: c.from.displayName, aadObjectId: c.from.id },
    recipient: { id: BOT.id, name: BOT.name },
  };
}

function withLocale(c: Common): Partial<Activity> {
  return c.locale
    ? { locale: c.locale, entities: [{ type: 'clientInfo', locale: c.locale }] as Activity['entities'] }
    : {};
}

function personalConversation(id: string, tenantId: string): Activity['conversation'] {
  return { id, conversationType: 'personal', tenantId, isGroup: false, name: '' };
}

function teamConversation(id: string, tenantId: string): Activity['conversation'] {
  return { id, conversationType: 'channel', tenantId, isGroup: true, name: '' };
}

// --- installing and uninstalling ------------------------------------------------------------------------

/** installationUpdate "add" (or "remove") in a personal chat. */
export function personalInstallation(
  c: Common & { conversationId: string; action?: 'add' | 'remove' | 'add-upgrade' },
): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  return {
    ...base(c),
    ...withLocale(c),
    type: 'installationUpdate',
    action: c.action ?? 'add',
    conversation: personalConversation(c.conversationId, tenantId),
    channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
  };
}

/** The conversationUpdate Teams sends alongside a personal install: bot and user in membersAdded, no locale. */
export function personalMembersAdded(c: Common & { conversationId: string }): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  return {
    ...base(c),
    ...withLocale(c),
    type: 'conversationUpdate',
    membersAdded: [
      { id: BOT.id, name: '' },
      { id: c.from.teamsId, name: '', aadObjectId: c.from.id },
    ],
    conversation: personalConversation(c.conversationId, tenantId),
    channelData: { tenant: { id: tenantId } },
  };
}

function teamChannelData(team: Team, tenantId: string, extra: Record<string, unknown> = {}): unknown {
  return {
    team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId },
    tenant: { id: tenantId },
    ...extra,
  };
}

/** installationUpdate for the app in a team; the conversation is the channel picked during install. */
export function teamInstallation(
  c: Common & { team: Team; channel?: Channel; action?: 'add' | 'remove' },
): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  const channelId = c.channel?.id ?? c.team.id;
  return {
    ...base(c),
    ...withLocale(c),
    type: 'installationUpdate',
    action: c.action ?? 'add',
    conversation: teamConversation(channelId, tenantId),
    channelData: teamChannelData(c.team, tenantId, {
      settings: { selectedChannel: { id: channelId } },
      channel: { id: channelId },
      source: { name: 'message' },
    }),
  };
}

/** conversationUpdate with the bot in membersAdded (teamMemberAdded) or membersRemoved (teamMemberRemoved). */
export function teamBotMembership(
  c: Common & { team: Team; change: 'added' | 'removed'; channel?: Channel },
): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  const channelId = c.channel?.id ?? c.team.id;
  const members = [{ id: BOT.id, name: '' }];
  return {
    ...base(c),
    ...withLocale(c),
    type: 'conversationUpdate',
    ...(c.change === 'added' ? { membersAdded: members } : { membersRemoved: members }),
    conversation: teamConversation(channelId, tenantId),
    channelData: teamChannelData(c.team, tenantId, {
      eventType: c.change === 'added' ? 'teamMemberAdded' : 'teamMemberRemoved',
      ...(c.change === 'added' ? { settings: { selectedChannel: { id: channelId } } } : {}),
    }),
  };
}

/** Someone else joined the team: not the bot's business. */
export function teamMemberAdded(c: Common & { team: Team; member: Person }): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  return {
    ...base(c),
    type: 'conversationUpdate',
    membersAdded: [{ id: c.member.teamsId, name: '', aadObjectId: c.member.id }],
    conversation: teamConversation(c.team.id, tenantId),
    channelData: teamChannelData(c.team, tenantId, { eventType: 'teamMemberAdded' }),
  };
}

// --- team and channel events ----------------------------------------------------------------------------

export type ChannelEventType = 'channelCreated' | 'channelRenamed' | 'channelDeleted' | 'channelRestored';

/** A channel event: the conversation is the team, channelData.channel the channel concerned. */
export function channelEvent(
  c: Common & { team: Team; channel: Channel; eventType: ChannelEventType },
): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  return {
    ...base(c),
    type: 'conversationUpdate',
    conversation: teamConversation(c.team.id, tenantId),
    channelData: teamChannelData(c.team, tenantId, {
      channel: { id: c.channel.id, name: c.channel.name },
      eventType: c.eventType,
    }),
  };
}

export type TeamEventType =
  'teamArchived' | 'teamUnarchived' | 'teamDeleted' | 'teamHardDeleted' | 'teamRestored' | 'teamRenamed';

export function teamEvent(c: Common & { team: Team; eventType: TeamEventType }): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  return {
    ...base(c),
    type: 'conversationUpdate',
    conversation: teamConversation(c.team.id, tenantId),
    channelData: teamChannelData(c.team, tenantId, { eventType: c.eventType }),
  };
}

// --- things nobody asked the bot ------------------------------------------------------------------------

interface InConversation extends Common {
  conversationId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  team?: Team;
}

function conversationOf(c: InConversation): Partial<Activity> {
  const tenantId = c.tenantId ?? DEMO_TENANT_ID;
  return {
    conversation: {
      id: c.conversationId,
      conversationType: c.conversationType,
      tenantId,
      isGroup: c.conversationType !== 'personal',
      name: '',
    },
    channelData: {
      tenant: { id: tenantId },
      ...(c.team ? { team: { id: c.team.id }, channel: { id: c.conversationId.split(';')[0] } } : {}),
    },
  };
}

export function reaction(c: InConversation & { replyToId: string; removed?: boolean }): Partial<Activity> {
  const reactions = [{ type: 'like' }];
  return {
    ...base(c),
    ...conversationOf(c),
    type: 'messageReaction',
    replyToId: c.replyToId,
    ...(c.removed ? { reactionsRemoved: reactions } : { reactionsAdded: reactions }),
  };
}

/** A message the user edited (messageUpdate, editMessage) or deleted (messageDelete, softDeleteMessage). */
export function messageChange(
  c: InConversation & { change: 'edit' | 'delete'; messageId: string; text?: string },
): Partial<Activity> {
  const shared = conversationOf(c);
  return {
    ...base(c),
    ...shared,
    id: c.messageId,
    type: c.change === 'edit' ? 'messageUpdate' : 'messageDelete',
    ...(c.change === 'edit' ? { text: c.text ?? 'troubleshoot me' } : {}),
    channelData: {
      ...(shared.channelData as object),
      eventType: c.change === 'edit' ? 'editMessage' : 'softDeleteMessage',
    },
  };
}

/** What an Action.Submit on a card sends: a message with the card's data in `value` and no text. */
export function cardSubmit(c: InConversation & { value: unknown; replyToId: string }): Partial<Activity> {
  return {
    ...base(c),
    ...withLocale(c),
    ...conversationOf(c),
    type: 'message',
    replyToId: c.replyToId,
    value: c.value,
  };
}

/** A file (file download info) or a pasted picture, with no command. */
export function attachmentMessage(
  c: InConversation & { kind: 'file' | 'image'; text?: string },
): Partial<Activity> {
  const attachment =
    c.kind === 'file'
      ? {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: 'https://contoso.sharepoint.com/personal/screenshot.png',
          name: 'screenshot.png',
          content: { downloadUrl: 'https://contoso.sharepoint.com/download', uniqueId: 'x', fileType: 'png' },
        }
      : {
          contentType: 'image/*',
          contentUrl: 'https://smba.trafficmanager.net/amer/v3/attachments/1/views/original',
        };
  return {
    ...base(c),
    ...withLocale(c),
    ...conversationOf(c),
    type: 'message',
    text: c.text ?? '',
    textFormat: 'plain',
    attachments: [attachment, { contentType: 'text/html', content: `<div>${c.text ?? ''}</div>` }],
  };
}

export function invoke(c: InConversation & { name: string; value?: unknown }): Partial<Activity> {
  return {
    ...base(c),
    ...withLocale(c),
    ...conversationOf(c),
    type: 'invoke',
    name: c.name,
    value: c.value ?? {},
  };
}
