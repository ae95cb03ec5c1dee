// What the bot does as it lives in Teams: welcomes a person once on a personal install, introduces itself
// once to a team or group chat, and follows the team's life (channel deleted or restored, team archived,
// deleted or restored, the bot removed or uninstalled) so that escalations never go to a channel that is
// gone, and the agent who chose that channel hears about it personally.
import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { isTenantAllowed, type AllowedTenants } from '../access/access-policy';
import type { AgentDirectory } from '../access/role-directory';
import type { ChannelRegistry, ChannelScope } from '../escalations';
import { createTranslator } from '../i18n';
import { describeError, type Logger } from '../logging/logger';
import { withCardLanguage } from '../views/card-language';
import { introductionCard, welcomeCard, type WelcomeAudience } from '../views/teams-life-view';
import { readActivityFacts } from './activity-facts';
import { botNameOf, type ChannelNotices } from './channel-notices';
import type { GreetingLedger } from './greeting-ledger';
import { readTeamsEvent, type TeamsEvent } from './teams-events';

export interface TeamsLifeDeps {
  ledger: GreetingLedger;
  channels: ChannelRegistry;
  notices: ChannelNotices;
  roles: AgentDirectory;
  allowedTenants: AllowedTenants;
  logger: Logger;
  now?: () => Date;
}

/** What the turn's log line says about the event. */
export interface LifeOutcome {
  event: TeamsEvent['kind'];
  outcome: 'welcomed' | 'introduced' | 'alreadyGreeted' | 'updated' | 'unchanged' | 'ignored' | 'denied';
  /** Registrations changed by the event. */
  channels: number;
}

export class TeamsLife {
  private readonly now: () => Date;

  constructor(private readonly deps: TeamsLifeDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async handle(context: TurnContext): Promise<LifeOutcome> {
    const event = readTeamsEvent(context.activity);
    const facts = readActivityFacts(context.activity);
    const result = (outcome: LifeOutcome['outcome'], channels = 0): LifeOutcome => ({
      event: event.kind,
      outcome,
      channels,
    });
    if (event.kind === 'other') return result('ignored');
    // Team events change which channels receive cases: only from the organizations the bot serves.
    if (!isTenantAllowed(facts.requester.tenantId, this.deps.allowedTenants)) return result('denied');
    const tenantId = facts.requester.tenantId ?? '';
    const now = this.now();
    const { channels, notices, ledger } = this.deps;
    const team = (teamId: string): ChannelScope => ({ kind: 'team', teamId, tenantId });

    switch (event.kind) {
      case 'installed': {
        if (event.scope === 'team' && event.teamId !== null) {
          const back = await channels.offerBack(team(event.teamId), ['botRemoved'], now);
          await notices.offeredBack(back, 'botAdded');
        }
        return result(await this.greet(context, event.scope, event.teamId));
      }
      case 'uninstalled': {
        await ledger.forget(greetingKey(context, event.scope, event.teamId));
        if (event.scope !== 'team' || event.teamId === null) return result('updated');
        const gone = await channels.markUnreachable(team(event.teamId), 'botRemoved', now);
        await notices.unreachable(gone);
        return result(gone.length > 0 ? 'updated' : 'unchanged', gone.length);
      }
      case 'channelDeleted': {
        const gone = await channels.markUnreachable(
          { kind: 'channel', channelId: event.channelId, tenantId },
          'channelDeleted',
          now,
        );
        await notices.unreachable(gone);
        return result(gone.length > 0 ? 'updated' : 'unchanged', gone.length);
      }
      case 'channelRestored': {
        const back = await channels.offerBack(
          { kind: 'channel', channelId: event.channelId, tenantId },
          ['channelDeleted'],
          now,
        );
        await notices.offeredBack(back, 'channelRestored');
        return result(back.length > 0 ? 'updated' : 'unchanged', back.length);
      }
      case 'teamArchived':
      case 'teamDeleted':
      case 'teamHardDeleted': {
        const reason = event.kind === 'teamArchived' ? 'teamArchived' : 'teamDeleted';
        const gone = await channels.markUnreachable(team(event.teamId), reason, now);
        await notices.unreachable(gone);
        // Deleted for good: nothing can come back, so the registrations go.
        if (event.kind === 'teamHardDeleted') await channels.removeChannels(team(event.teamId));
        return result(gone.length > 0 ? 'updated' : 'unchanged', gone.length);
      }
      case 'teamUnarchived':
      case 'teamRestored': {
        const [reason, cause] =
          event.kind === 'teamUnarchived'
            ? (['teamArchived', 'teamUnarchived'] as const)
            : (['teamDeleted', 'teamRestored'] as const);
        const back = await channels.offerBack(team(event.teamId), [reason], now);
        await notices.offeredBack(back, cause);
        return result(back.length > 0 ? 'updated' : 'unchanged', back.length);
      }
    }
  }

  /** One greeting per personal chat, team or group chat, however many events and instances see it. */
  private async greet(
    context: TurnContext,
    scope: 'personal' | 'team' | 'groupChat',
    teamId: string | null,
  ): Promise<LifeOutcome['outcome']> {
    const key = greetingKey(context, scope, teamId);
    if (!(await this.deps.ledger.claim(key, this.now()))) return 'alreadyGreeted';
    const facts = readActivityFacts(context.activity);
    const tr = createTranslator(facts.locale, facts.timeZone);
    const botName = botNameOf(TurnContext.getConversationReference(context.activity));
    try {
      const card =
        scope === 'personal'
          ? welcomeCard(tr, await this.audienceOf(facts.requester.aadObjectId), botName)
          : introductionCard(tr, scope, botName);
      // Its button answers in the welcome's language, like every other card's actions.
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(withCardLanguage(card, tr))),
      );
    } catch (error) {
      // Not greeted after all: the next event (or a reinstall) tries again.
      await this.deps.ledger.forget(key).catch(() => undefined);
      throw error;
    }
    return scope === 'personal' ? 'welcomed' : 'introduced';
  }

  private async audienceOf(aadObjectId: string | null): Promise<WelcomeAudience> {
    if (aadObjectId === null) return 'user';
    try {
      return (await this.deps.roles.roleOf(aadObjectId)) === 'agent' ? 'agent' : 'user';
    } catch (error) {
      // The end-user welcome suits everyone; an agent finds the rest with "help".
      this.deps.logger.warn('welcome.roleUnknown', { error: describeError(error) });
      return 'user';
    }
  }
}

function greetingKey(
  context: TurnContext,
  scope: 'personal' | 'team' | 'groupChat',
  teamId: string | null,
): string {
  const conversationId = String(context.activity.conversation?.id ?? '').slice(0, 300);
  if (scope === 'team') return `team/${teamId ?? conversationId.split(';')[0] ?? ''}`;
  return `${scope}/${conversationId}`;
}
