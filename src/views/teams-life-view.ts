// The bot's own messages about living in Teams: the welcome in a personal chat (agents and end users get
// different first steps), the introduction in a team or group chat, notices to the agent who chose a
// tier-2 channel, and what a requester is told when a case card could not be delivered.
import type { Translator } from '../i18n';
import { messageCard, type MessageTone } from './message-view';
import { plain, renderCard, type AdaptiveCard } from './render-card';

interface Step {
  label: string;
  command: string;
  hint: string;
}

export type WelcomeAudience = 'agent' | 'user';

function welcome(data: {
  title: string;
  intro: string;
  steps: Step[];
  footer: string;
  self?: { title: string };
}): AdaptiveCard {
  return renderCard('welcome', {
    title: data.title,
    intro: data.intro,
    steps: data.steps,
    footer: data.footer,
    showSelf: data.self !== undefined,
    selfTitle: data.self?.title ?? '',
  });
}

/** A step of a welcome: `<prefix>Label`, `<prefix>Command` and `<prefix>Hint` in the teams namespace. */
function step(tr: Translator, prefix: string, options: Record<string, string> = {}): Step {
  return {
    label: tr.t(`teams:${prefix}Label`),
    command: tr.t(`teams:${prefix}Command`, options),
    hint: tr.t(`teams:${prefix}Hint`, options),
  };
}

/** The first message in a personal chat: what the bot does and the first command, by role. */
export function welcomeCard(tr: Translator, audience: WelcomeAudience, botName: string): AdaptiveCard {
  const { t } = tr;
  const title = t('teams:welcome.title', { bot: plain(botName) });
  if (audience === 'agent') {
    return welcome({
      title,
      intro: t('teams:welcome.agent.intro'),
      steps: [step(tr, 'welcome.agent.first'), step(tr, 'welcome.agent.cases')],
      footer: t('teams:welcome.agent.footer'),
    });
  }
  return welcome({
    title,
    intro: t('teams:welcome.user.intro'),
    steps: [step(tr, 'welcome.user.first')],
    footer: t('teams:welcome.user.footer'),
    self: { title: t('teams:welcome.user.selfTitle') },
  });
}

/** Said once when the bot joins a team (with how to take a channel for escalations) or a group chat. */
export function introductionCard(tr: Translator, where: 'team' | 'groupChat', botName: string): AdaptiveCard {
  const { t } = tr;
  const bot = plain(botName);
  const lookup = step(tr, 'introduction.lookup', { bot });
  const channel = step(tr, 'introduction.channel', { bot });
  return welcome({
    title: t('teams:introduction.title', { bot }),
    intro: where === 'team' ? t('teams:introduction.team') : t('teams:introduction.groupChat'),
    steps: where === 'team' ? [channel, lookup] : [lookup],
    footer: t('teams:introduction.footer'),
  });
}

function notice(tr: Translator, tone: MessageTone, title: string, lines: string[]): AdaptiveCard {
  return messageCard(tr, 'plain', tone, { title, line: lines.filter(Boolean).join('\n\n') });
}

export type UnreachableCause =
  'channelDeleted' | 'teamArchived' | 'teamDeleted' | 'botRemoved' | 'deliveryFailed';
export type ReturnCause = 'channelRestored' | 'teamUnarchived' | 'teamRestored' | 'botAdded';

const RETURN_KEYS: Record<ReturnCause, string> = {
  channelRestored: 'teams:notice.backChannelRestored',
  teamUnarchived: 'teams:notice.backTeamUnarchived',
  teamRestored: 'teams:notice.backTeamRestored',
  botAdded: 'teams:notice.backBotAdded',
};

/** The topic's name and the argument the command takes for it ('' for all escalations). */
function topicWords(tr: Translator, topic: string): { topic: string; topicArgument: string } {
  return topic === 'default'
    ? { topic: tr.t('teams:notice.topicAll'), topicArgument: '' }
    : { topic: tr.t(`cases.topic.${topic}`), topicArgument: ` ${topic}` };
}

/** To the agent who chose a channel: it can no longer take cases, where they go now, how to pick another. */
export function channelUnreachableCard(
  tr: Translator,
  topic: string,
  cause: UnreachableCause,
  code: string | null,
  fallsBackToDefault: boolean,
  botName: string,
): AdaptiveCard {
  const words = topicWords(tr, topic);
  const bot = plain(botName);
  return notice(tr, 'warning', tr.t('teams:notice.unreachableTitle', words), [
    tr.t(`teams:notice.${cause}`, { code: code ?? '?' }),
    fallsBackToDefault ? tr.t('teams:notice.goesToDefault') : tr.t('teams:notice.goesNowhere'),
    tr.t('teams:notice.howToPick', { ...words, bot }),
  ]);
}

/** To the agent who chose a channel that came back: offered, never taken back silently. */
export function channelBackCard(
  tr: Translator,
  topic: string,
  cause: ReturnCause,
  botName: string,
): AdaptiveCard {
  const words = topicWords(tr, topic);
  return notice(tr, 'info', tr.t('teams:notice.backTitle', words), [
    tr.t(RETURN_KEYS[cause]),
    tr.t('teams:notice.backHowTo', { ...words, bot: plain(botName) }),
  ]);
}

/** The case went to another registered channel than its own. */
export function deliveredElsewhereCard(tr: Translator, caseId: string, channelTopic: string): AdaptiveCard {
  return notice(tr, 'info', tr.t('teams:delivery.fellBackTitle', { id: caseId }), [
    tr.t('teams:delivery.fellBack', { topic: topicWords(tr, channelTopic).topic }),
  ]);
}

/** No channel took the case: saved, not delivered, and what happens next for this requester. */
/** A saved case no channel took: Teams refused it everywhere, or no channel is chosen for escalations yet. */
export function notDeliveredCard(
  tr: Translator,
  caseId: string,
  audience: WelcomeAudience,
  noChannel = false,
): AdaptiveCard {
  const title = noChannel
    ? tr.t('teams:delivery.noChannelTitle', { id: caseId })
    : tr.t('teams:delivery.notDeliveredTitle', { id: caseId });
  // An end user is told the same either way: saved, on the helpdesk's list, and what to do if it is urgent.
  const line =
    audience !== 'agent'
      ? tr.t('teams:delivery.notDeliveredUser', { id: caseId })
      : noChannel
        ? tr.t('teams:delivery.noChannelAgent')
        : tr.t('teams:delivery.notDeliveredAgent');
  return notice(tr, 'warning', title, [line]);
}

/** A file, picture or card sent to the bot without a command. */
export function textOnlyCard(tr: Translator): AdaptiveCard {
  return notice(tr, 'info', tr.t('teams:quiet.textOnlyTitle'), [tr.t('teams:quiet.textOnly')]);
}
