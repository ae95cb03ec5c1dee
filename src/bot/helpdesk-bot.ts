// The Teams edge: turns messages and card actions into calls on the troubleshoot flow and sends the
// cards back. Text commands and card verbs are dispatched through tables.
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { parseCommand, type Command } from '../commands/parse-command';
import { createTranslator, type Translator } from '../i18n';
import { describeError, type Logger } from '../logger';
import { helpCard } from '../views/help-view';
import { messageCard } from '../views/message-view';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from '../views/render-card';
import { readActivityFacts, type ActivityFacts } from './activity-facts';
import { createCardVerbs, type CardVerbHandler } from './card-verbs';
import type { FlowResult, Troubleshooter } from './troubleshooter';

export const MAX_MESSAGE_LENGTH = 1000;

export interface HelpdeskBotDeps {
  troubleshooter: Troubleshooter;
  logger: Logger;
}

interface Turn {
  context: TurnContext;
  facts: ActivityFacts;
  tr: Translator;
  reference: string;
}

type CommandHandler<K extends Command['kind']> = (
  turn: Turn,
  command: Extract<Command, { kind: K }>,
) => Promise<void>;

export function translatorFor(locale: string | null, commandLanguage: 'en' | 'nl' | null): Translator {
  // A Dutch keyword means the person writes Dutch, whatever the client's locale says.
  if (commandLanguage === 'nl' && !(locale ?? '').toLowerCase().startsWith('nl'))
    return createTranslator('nl-NL');
  return createTranslator(locale);
}

export class HelpdeskBot extends TeamsActivityHandler {
  private readonly verbs: ReadonlyMap<string, CardVerbHandler>;
  private readonly commands: { [K in Command['kind']]: CommandHandler<K> };

  constructor(private readonly deps: HelpdeskBotDeps) {
    super();
    this.verbs = createCardVerbs(deps.troubleshooter);
    this.commands = {
      help: (turn) => this.sendCard(turn.context, helpCard(turn.tr)),
      unknown: (turn) => this.sendCard(turn.context, helpCard(turn.tr)),
      troubleshoot: (turn, command) => this.troubleshoot(turn, command),
    };
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const facts = readActivityFacts(context.activity);
    const text = typeof context.activity.text === 'string' ? context.activity.text : '';
    const reference = randomUUID().slice(0, 8);
    if (text.length > MAX_MESSAGE_LENGTH) {
      const tr = translatorFor(facts.locale, null);
      await this.sendCard(context, messageCard(tr, 'tooLong', 'warning', { max: MAX_MESSAGE_LENGTH }));
      return;
    }
    const command = parseCommand({ text, mentions: facts.mentions, botId: facts.botId });
    const tr = translatorFor(facts.locale, command.language);
    const turn: Turn = { context, facts, tr, reference };
    const started = Date.now();
    try {
      await (this.commands[command.kind] as CommandHandler<Command['kind']>)(turn, command);
    } catch (error) {
      this.deps.logger.error('turn.failed', {
        reference,
        command: command.kind,
        error: describeError(error),
      });
      await this.sendCard(context, messageCard(tr, 'error', 'error', { reference }));
    } finally {
      this.deps.logger.info('turn', {
        reference,
        kind: 'message',
        command: command.kind,
        durationMs: Date.now() - started,
      });
    }
  }

  private async troubleshoot(turn: Turn, command: Extract<Command, { kind: 'troubleshoot' }>): Promise<void> {
    const { context, facts, tr } = turn;
    const { troubleshooter } = this.deps;
    if (command.target.kind === 'missing') {
      await this.sendCard(context, messageCard(tr, 'missingTarget', 'info'));
      return;
    }
    // The agent sees something at once; Graph answers take a moment.
    await context.sendActivity({ type: ActivityTypes.Typing });
    let result: FlowResult;
    switch (command.target.kind) {
      case 'self':
        result = await troubleshooter.forSelf(facts.requester, tr);
        break;
      case 'text':
        result = await troubleshooter.forText(facts.requester, command.target.text, tr);
        break;
      case 'mention': {
        const objectId = await this.mentionedObjectId(context, command.target.mention.id);
        result =
          objectId === null
            ? await troubleshooter.forText(facts.requester, command.target.mention.name, tr)
            : await troubleshooter.forObjectId(facts.requester, objectId, tr);
        break;
      }
    }
    this.deps.logger.info('troubleshoot', { reference: turn.reference, outcome: result.outcome });
    await this.sendCard(context, result.card);
  }

  /** Teams mentions carry the Teams user id; the Entra object id comes from the roster. */
  private async mentionedObjectId(context: TurnContext, teamsUserId: string): Promise<string | null> {
    try {
      const member = await TeamsInfo.getMember(context, teamsUserId);
      return member.aadObjectId ?? null;
    } catch (error) {
      this.deps.logger.warn('mention.lookupFailed', { error: describeError(error) });
      return null;
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const facts = readActivityFacts(context.activity);
    const tr = translatorFor(facts.locale, null);
    const reference = randomUUID().slice(0, 8);
    const action = (invokeValue as Partial<AdaptiveCardInvokeValue> | undefined)?.action;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    const data: Record<string, unknown> =
      action?.data !== null && typeof action?.data === 'object' ? action.data : {};
    const handler = this.verbs.get(verb);
    const started = Date.now();
    let card: AdaptiveCard;
    let outcome = 'invalid';
    try {
      if (handler) {
        const result = await handler({ requester: facts.requester, tr, data });
        card = result.card;
        outcome = result.outcome;
      } else {
        card = messageCard(tr, 'badAction', 'warning');
      }
    } catch (error) {
      outcome = 'failed';
      this.deps.logger.error('invoke.failed', {
        reference,
        verb: verb.slice(0, 40),
        error: describeError(error),
      });
      card = messageCard(tr, 'error', 'error', { reference });
    }
    this.deps.logger.info('turn', {
      reference,
      kind: 'cardAction',
      verb: handler ? verb : 'unknown',
      outcome,
      durationMs: Date.now() - started,
    });
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
  }

  private async sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }
}
