// The Teams edge: turns messages and card actions into calls on the flows, has the presenter make cards of
// their outcomes, records them in the audit log, and sends the cards back. Text commands and card verbs are
// dispatched through tables.
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type ConversationReference,
  type AdaptiveCardInvokeValue,
  type Entity,
  type InvokeResponse,
} from 'botbuilder';
import type { RateLimiter } from '../access/rate-limiter';
import type { AuditLog } from '../audit/audit-log';
import { MAX_QUERY_LENGTH, parseCommand, type Command, type Target } from '../commands/parse-command';
import { GraphPermissionError, GraphRequestError } from '../graph/errors';
import {
  createTranslator,
  parseLanguage,
  parseTimeZone,
  toLanguage,
  type Language,
  type Translator,
} from '../i18n';
import type { TurnTokens } from '../graph/turn-token';
import { describeError, type Logger } from '../logging/logger';
import { CARD_LANGUAGE_KEY, CARD_TIME_ZONE_KEY, withCardLanguage } from '../views/card-language';
import { helpCard } from '../views/help-view';
import { messageCard } from '../views/message-view';
import { privateResultCard, type RecreateAction } from '../views/private-result-view';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardBytes, type AdaptiveCard } from '../views/render-card';
import { readActivityFacts, type ActivityFacts } from './activity-facts';
import type { ActionSeal } from './action-seal';
import type { AgentSignIn, PendingCommand, SignInOutcome } from './agent-sign-in';
import { SEALED_ACTION_VERB, createCardVerbs, type CardVerbHandler } from './card-verbs';
import type { Messenger } from './teams-messenger';
import type { AuditTarget, Flows, TurnFlows } from '../flows';
import { refused, type Refusal } from '../flows/outcomes';
import { present, presentRefusal, type Answer } from '../presenter/present';
import type { LifeOutcome, TeamsLife } from './teams-life';
import { textOnlyCard } from '../views/teams-life-view';

export const MAX_MESSAGE_LENGTH = 1000;

/** Actions that change something: their result is told even when the audit write failed (it happened). */
const CHANGES = new Set([
  'useChannel',
  'case.create',
  'case.claim',
  'case.assign',
  'case.resolve',
  'case.reopen',
]);

/** Fail closed: what a lookup found is not shown when its audit record could not be written. */
function auditedCard(result: Answer, action: string, recorded: boolean, tr: Translator): AdaptiveCard {
  if (recorded || result.outcome !== 'shown' || CHANGES.has(action)) return result.card;
  return messageCard(tr, 'auditUnavailable', 'error');
}

/** A turn answers within this whatever Graph does; Teams drops an invoke answer after about 15 s. */
export const TURN_ANSWER_MS = 9_000;

export interface HelpdeskBotDeps {
  flows: Flows;
  audit: AuditLog;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** Welcome, introduction and the team's life (conversationUpdate, installationUpdate). */
  life: TeamsLife;
  /** Updates a card in place when the rest of a slow answer arrives, and posts a late confirmation. */
  messenger?: Pick<Messenger, 'update' | 'post'>;
  /** Default TURN_ANSWER_MS. */
  turnAnswerMs?: number;
  /** Delegated mode (GRAPH_AUTH=delegated): Graph is read with the agent's own token; null = the app's. */
  delegated?: { signIn: AgentSignIn; tokens: TurnTokens } | null;
  /** Seals what a shared placeholder hides (whose result it is) from the other members of the chat. */
  seal: ActionSeal;
}

/** Commands that read nothing from Graph, and so need no sign-in. */
const OFFLINE_COMMANDS: ReadonlySet<Command['kind']> = new Set(['help', 'unknown']);

/** Graph refused the agent's own token: 401 = no longer valid (expired, revoked), 403 = their role forbids it. */
function delegatedRefusal(error: unknown): 401 | 403 | null {
  if (!(error instanceof GraphRequestError)) return null;
  return error.status === 401 || error.status === 403 ? error.status : null;
}

/** A flow's result, or (when it was not ready in time) the promise of it. */
type Timed = { result: Answer } | { late: Promise<Answer> };

interface Turn {
  context: TurnContext;
  facts: ActivityFacts;
  tr: Translator;
  /** The first 8 characters of the correlation id: short enough for a person to quote. */
  reference: string;
  flows: TurnFlows;
  summary: TurnSummary;
}

/** What the turn's log line reports: ids and counts only, never names or payloads. */
interface TurnSummary {
  outcome: string;
  graphRequests: number;
  graphRoundTrips: number;
  graphRetries: number;
  cardBytes: number;
  /** For a new case: delivered, fellBack or notDelivered. */
  delivery?: string;
}

function newSummary(): TurnSummary {
  return { outcome: 'shown', graphRequests: 0, graphRoundTrips: 0, graphRetries: 0, cardBytes: 0 };
}

function addResult(summary: TurnSummary, result: Answer): void {
  summary.outcome = result.outcome;
  if (result.delivery) summary.delivery = result.delivery;
  if (result.stats) {
    summary.graphRequests += result.stats.requests;
    summary.graphRoundTrips += result.stats.roundTrips;
    summary.graphRetries += result.stats.retries;
  }
}

/** What differs between a message and a card action; everything else is the turn pipeline's. */
interface TurnSpec {
  kind: 'message' | 'cardAction';
  context: TurnContext;
  facts: ActivityFacts;
  /** The agent's token when the turn replays a message that waited for sign-in. */
  token: string | null;
  /** The reader's translator and the command the log line names; `throttled` turns read no command. */
  read(throttled: boolean): { tr: Translator; command: string };
  /** Whether the turn needs Graph (and so, in delegated mode, the agent's sign-in); read after `read`. */
  readonly readsGraph: boolean;
  /** Answers with a card: a message sends it, a card action returns it as the invoke's answer. */
  answer(turn: Turn, card: AdaptiveCard): Promise<void>;
  /** Asks the agent to sign in (delegated mode). */
  signIn(turn: Turn): Promise<void>;
  /** After the error handler answered a failure: what the audit trail keeps of it. */
  failed?(outcome: 'denied' | 'failed'): Promise<void>;
  run(turn: Turn): Promise<void>;
}

type CommandHandler<K extends Command['kind']> = (
  turn: Turn,
  command: Extract<Command, { kind: K }>,
) => Promise<void>;

/**
 * The reader's translator. `language` (a Dutch keyword, or the language of the card that was clicked)
 * wins over the client's locale, which then only lends its region when it is of the same language.
 */
export function translatorFor(
  locale: string | null,
  language: Language | null,
  timeZone: string | null = null,
): Translator {
  if (language !== null && toLanguage(locale) !== language)
    return createTranslator(language === 'nl' ? 'nl-NL' : 'en-US', timeZone);
  return createTranslator(locale, timeZone);
}

/**
 * How to ask for a result card again: in a channel or group chat the shared card refreshes into it for the
 * requester only. Null for results that show nobody's data (refusals, "not found", help).
 */
function recreateActionFor(
  command: Extract<Command, { kind: 'troubleshoot' | 'audit' }>,
  result: Answer,
): RecreateAction | null {
  const { target } = command;
  if (result.outcome === 'ambiguous') {
    // A mention that the roster could not resolve was searched by its display name.
    const query = target.kind === 'text' ? target.text : target.kind === 'mention' ? target.mention.name : '';
    return { verb: command.kind === 'audit' ? 'audit.find' : 'user.change', data: { query } };
  }
  if (result.outcome !== 'shown' || result.targetId === null) return null;
  if (command.kind === 'audit') return { verb: 'audit.open', data: { userId: result.targetId } };
  if (target.kind === 'self') return { verb: 'self.open', data: {} };
  return { verb: 'dashboard.open', data: { userId: result.targetId } };
}

/** A result's card, or in a channel or group chat the private placeholder that refreshes into it. */
function resultCard(turn: Turn, result: Answer, recreate: RecreateAction | null): AdaptiveCard {
  if (turn.facts.conversation === 'personal' || recreate === null) return result.card;
  const teamsId = turn.context.activity.from?.id;
  return privateResultCard(
    turn.tr,
    turn.facts.requester.name,
    typeof teamsId === 'string' ? teamsId : '',
    recreate,
  );
}

/** Files, pictures or cards; Teams adds a text/html rendering of every typed message, which is not one. */
function hasFiles(attachments: unknown): boolean {
  return (
    Array.isArray(attachments) &&
    attachments.some((a: unknown) => {
      const type = (a as { contentType?: unknown } | null)?.contentType;
      return typeof type === 'string' && type !== 'text/html' && type !== 'text/plain';
    })
  );
}

export class HelpdeskBot extends TeamsActivityHandler {
  private readonly verbs: ReadonlyMap<string, CardVerbHandler>;
  /** Missing Graph permissions already logged: one log line says it, not one per turn. */
  private readonly reportedPermissions = new Set<string>();
  private readonly commands: { [K in Command['kind']]: CommandHandler<K> };

  constructor(private readonly deps: HelpdeskBotDeps) {
    super();
    this.verbs = createCardVerbs();
    this.commands = {
      help: (turn) => this.help(turn),
      unknown: (turn) => this.help(turn),
      troubleshoot: (turn, command) => this.lookup(turn, command),
      audit: (turn, command) => this.lookup(turn, command),
      useChannel: (turn, command) =>
        this.respond(
          turn,
          'useChannel',
          turn.flows.escalation
            .useChannel(
              turn.facts.requester,
              turn.facts.conversation === 'channel',
              TurnContext.getConversationReference(turn.context.activity),
              command.topic,
              turn.facts.teamId,
            )
            .then((outcome) => present(outcome, turn.tr)),
        ),
      escalations: (turn) =>
        this.respond(
          turn,
          'escalations',
          turn.flows.escalation.list(turn.facts.requester, 0).then((outcome) => present(outcome, turn.tr)),
          { verb: 'cases.open', data: {} },
        ),
    };
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.handleLife(context, 'conversationUpdate');
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await this.handleLife(context, 'installationUpdate');
      await next();
    });
  }

  /** A Teams event: nobody asked anything, so a failure is logged, never answered with an error card. */
  private async handleLife(context: TurnContext, kind: string): Promise<void> {
    const correlationId = randomUUID();
    const started = Date.now();
    let result: LifeOutcome | null = null;
    try {
      result = await this.deps.life.handle(context);
    } catch (error) {
      this.deps.logger.error('turn.failed', { correlationId, kind, error: describeError(error) });
    } finally {
      this.deps.logger.info('turn', {
        correlationId,
        kind,
        command: result?.event ?? 'unknown',
        conversation: readActivityFacts(context.activity).conversation,
        durationMs: Date.now() - started,
        outcome: result?.outcome ?? 'failed',
        channels: result?.channels ?? 0,
      });
    }
  }

  /** Invokes the bot has no handler for are logged and answered 200, so Teams shows no error. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const signIn = await this.signInInvoke(context);
    if (signIn !== null) return signIn;
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    const name = typeof context.activity.name === 'string' ? context.activity.name : '';
    this.deps.logger.info('turn', {
      correlationId: randomUUID(),
      kind: 'invoke',
      command: 'unhandled',
      // The name comes from the wire: only its harmless characters are logged.
      name: name.replace(/[^\w/.-]/g, '?').slice(0, 60),
      conversation: readActivityFacts(context.activity).conversation,
      outcome: 'ignored',
    });
    return { status: 200 };
  }

  /** The commands this person may use: a refused tenant or identity gets the end user's list. */
  private async help(turn: Turn): Promise<void> {
    const admitted = await turn.flows.gate.admit(turn.facts.requester);
    await this.sendCard(turn, helpCard(turn.tr, admitted.ok ? admitted.role : 'user'));
  }

  /** 0 when the caller may go on, else the seconds to wait. */
  private throttle(facts: ActivityFacts, context: TurnContext): number {
    return this.deps.rateLimiter.take(
      facts.requester.aadObjectId ?? context.activity.from?.id ?? 'anonymous',
    );
  }

  /**
   * The turn pipeline, for messages and card actions alike: correlation id, rate limit, sign-in in delegated
   * mode, the one error handler (a localized card with a reference, never the error's text) and the turn's
   * log line. `spec` says how this kind of turn reads its command and how it answers.
   */
  private async runTurn(spec: TurnSpec): Promise<void> {
    const correlationId = randomUUID();
    const started = Date.now();
    const throttled = this.throttle(spec.facts, spec.context);
    const { tr, command } = spec.read(throttled > 0);
    const flows = this.deps.flows.forTurn(correlationId);
    const turn: Turn = {
      context: spec.context,
      facts: spec.facts,
      tr,
      reference: correlationId.slice(0, 8),
      flows,
      summary: newSummary(),
    };
    const delegated = this.deps.delegated;
    try {
      if (throttled > 0) {
        turn.summary.outcome = 'throttled';
        await spec.answer(
          turn,
          this.refusal({ kind: 'refused', reason: 'rateLimited', params: { count: throttled } }, tr),
        );
      } else if (!delegated || !spec.readsGraph) await spec.run(turn);
      else {
        const token = spec.token ?? (await delegated.signIn.token(spec.context));
        if (token === null) {
          turn.summary.outcome = 'signIn';
          await spec.signIn(turn);
        } else
          await delegated.tokens.run(
            () => Promise.resolve(token),
            () => spec.run(turn),
          );
      }
    } catch (error) {
      const refusal = delegated ? delegatedRefusal(error) : null;
      if (error instanceof GraphPermissionError) {
        turn.summary.outcome = 'permissionMissing';
        await spec.answer(turn, this.permissionCard(error, tr));
      } else if (refusal === 403) {
        turn.summary.outcome = 'roleDenied';
        await spec.answer(turn, this.refusal(refused('intuneRoleDenied'), tr));
      } else if (refusal === 401 && delegated) {
        turn.summary.outcome = 'signIn';
        await delegated.signIn.signOut(spec.context);
        await spec.signIn(turn);
      } else {
        turn.summary.outcome = 'failed';
        this.deps.logger.error('turn.failed', {
          correlationId,
          kind: spec.kind,
          command,
          error: describeError(error),
        });
        await spec.answer(turn, messageCard(tr, 'error', 'error', { reference: turn.reference }));
      }
      await spec.failed?.(refusal === 403 ? 'denied' : 'failed');
    } finally {
      this.deps.logger.info('turn', {
        correlationId,
        kind: spec.kind,
        command,
        conversation: spec.facts.conversation,
        durationMs: Date.now() - started,
        ...turn.summary,
      });
    }
  }

  /** A message, or (`replay`) one that waited for sign-in, answered in the turn that completed it. */
  private async handleMessage(
    context: TurnContext,
    replay: { pending: PendingCommand; token: string } | null = null,
  ): Promise<void> {
    const activity: Partial<Activity> = replay
      ? {
          ...context.activity,
          text: replay.pending.text,
          entities: replay.pending.entities,
          locale: replay.pending.locale ?? undefined,
        }
      : context.activity;
    const facts = readActivityFacts(activity);
    const text = typeof activity.text === 'string' ? activity.text : '';
    const nothingTyped = text.replace(/<at>[^<]*<\/at>/gi, '').trim() === '';
    // An Action.Submit from a card arrives as a message with a value and no text: nobody typed anything.
    if (nothingTyped && context.activity.value !== undefined && context.activity.value !== null) {
      this.deps.logger.info('turn', {
        correlationId: randomUUID(),
        kind: 'message',
        command: 'cardSubmit',
        conversation: facts.conversation,
        durationMs: 0,
        outcome: 'ignored',
      });
      return;
    }
    let command: Command | null = null;
    const signIn = async (turn: Turn): Promise<void> => {
      await this.deps.delegated?.signIn.prompt(context, turn.tr, pendingOf(activity, text));
    };
    await this.runTurn({
      kind: 'message',
      context,
      facts,
      token: replay?.token ?? null,
      read: (throttled) => {
        command =
          throttled || text.length > MAX_MESSAGE_LENGTH
            ? null
            : parseCommand({ text, mentions: facts.mentions, botId: facts.botId });
        return {
          // A Dutch keyword means the person writes Dutch; an English one is also typed in Dutch clients.
          tr: translatorFor(facts.locale, command?.language === 'nl' ? 'nl' : null, facts.timeZone),
          command: command?.kind ?? 'none',
        };
      },
      get readsGraph() {
        return command !== null && !OFFLINE_COMMANDS.has(command.kind);
      },
      answer: async (turn, card) => {
        await this.sendCard(turn, card);
      },
      signIn,
      run: async (turn) => {
        if (command === null) {
          turn.summary.outcome = 'invalid';
          await this.sendCard(
            turn,
            this.refusal(
              { kind: 'refused', reason: 'tooLong', params: { max: MAX_MESSAGE_LENGTH } },
              turn.tr,
            ),
          );
        } else if (nothingTyped && hasFiles(context.activity.attachments)) {
          turn.summary.outcome = 'unsupported';
          await this.sendCard(turn, textOnlyCard(turn.tr));
        } else await (this.commands[command.kind] as CommandHandler<Command['kind']>)(turn, command);
      },
    });
  }

  /**
   * Records a flow's outcome and sends its card; in a channel or group chat a card that shows data
   * (`recreate` says how to ask for it again) is replaced by the private placeholder.
   */
  private async respond(
    turn: Turn,
    action: string,
    pending: Promise<Answer>,
    recreate: RecreateAction | null = null,
  ): Promise<void> {
    const result = await pending;
    addResult(turn.summary, result);
    const recorded = await this.record(turn.facts, action, result);
    const card = auditedCard(result, action, recorded, turn.tr);
    if (card !== result.card) turn.summary.outcome = 'auditFailed';
    await this.sendResult(
      turn,
      { ...result, card },
      result.outcome === 'shown' && card === result.card ? recreate : null,
    );
  }

  /** Sends a result card, or in a channel or group chat the private placeholder that refreshes into it. */
  private async sendResult(
    turn: Turn,
    result: Answer,
    recreate: RecreateAction | null,
  ): Promise<string | null> {
    return this.sendCard(turn, resultCard(turn, result, recreate ? this.sealed(recreate) : null));
  }

  /** "Who should I look at?"; the audit example names a person, so only agents (who may audit) get it. */
  private async missingTarget(turn: Turn, kind: 'troubleshoot' | 'audit'): Promise<AdaptiveCard> {
    const { tr, flows } = turn;
    if (kind === 'troubleshoot') return messageCard(tr, 'missingTarget', 'info');
    const admitted = await flows.gate.admit(turn.facts.requester);
    if (!admitted.ok) return this.refusal(admitted.refusal, tr);
    return (await flows.gate.roleOf(admitted)) === 'agent'
      ? messageCard(tr, 'missingAuditTarget', 'info')
      : this.refusal(refused('notAgent'), tr);
  }

  private async lookup(
    turn: Turn,
    command: Extract<Command, { kind: 'troubleshoot' | 'audit' }>,
  ): Promise<void> {
    const { context, facts, tr } = turn;
    if (command.target.kind === 'missing') {
      turn.summary.outcome = 'invalid';
      await this.sendCard(turn, await this.missingTarget(turn, command.kind));
      return;
    }
    if (command.target.kind === 'text' && command.target.text.length > MAX_QUERY_LENGTH) {
      turn.summary.outcome = 'invalid';
      await this.sendCard(
        turn,
        this.refusal({ kind: 'refused', reason: 'tooLong', params: { max: MAX_QUERY_LENGTH } }, tr),
      );
      return;
    }
    // The agent sees something at once; Graph answers take a moment.
    await context.sendActivity({ type: ActivityTypes.Typing });
    const recreate = (result: Answer): RecreateAction | null => recreateActionFor(command, result);
    const timed = await this.inTime(this.runLookup(turn, command.kind, command.target));
    if ('late' in timed) {
      // Graph is slow: say so now, and put the answer in the same message when it arrives.
      const sent = await this.sendCard(turn, messageCard(tr, 'stillLoading', 'info'));
      this.finishLater(turn, command.kind, timed.late, sent, recreate);
      return;
    }
    const { result } = timed;
    addResult(turn.summary, result);
    const recorded = await this.record(facts, command.kind, result);
    const card = auditedCard(result, command.kind, recorded, tr);
    if (card !== result.card) {
      turn.summary.outcome = 'auditFailed';
      await this.sendCard(turn, card);
      return;
    }
    const sent = await this.sendResult(turn, result, recreate(result));
    // A shared conversation got the private placeholder, which reads the report again when opened.
    if (result.later && turn.facts.conversation === 'personal') this.updateLater(turn, result.later, sent);
  }

  /** Races a flow against the turn's answer time; a flow that throws in time throws here. */
  private async inTime(pending: Promise<Answer>): Promise<Timed> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.deps.turnAnswerMs ?? TURN_ANSWER_MS);
    });
    try {
      const first = await Promise.race([pending, late]);
      return first === 'late' ? { late: pending } : { result: first };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The rest of a lookup that missed the answer time: audited and shown in place when it arrives. */
  private finishLater(
    turn: Turn,
    action: string,
    pending: Promise<Answer>,
    sent: string | null,
    recreate: (result: Answer) => RecreateAction | null,
  ): void {
    const reference = TurnContext.getConversationReference(turn.context.activity);
    void pending
      .then(async (result) => {
        const recorded = await this.record(turn.facts, action, result);
        if (sent === null) return;
        const audited = auditedCard(result, action, recorded, turn.tr);
        if (audited !== result.card) {
          await this.deps.messenger?.update(reference, sent, audited);
          return;
        }
        const shared = turn.facts.conversation !== 'personal';
        const again = result.outcome === 'shown' ? recreate(result) : null;
        const card = resultCard(turn, result, again ? this.sealed(again) : null);
        await this.deps.messenger?.update(reference, sent, withCardLanguage(card, turn.tr));
        if (result.later && !shared) this.updateLater(turn, result.later, sent);
      })
      .catch(async (error: unknown) => {
        this.deps.logger.error('turn.lateFailed', { error: describeError(error) });
        await this.record(turn.facts, action, { outcome: 'failed', targetId: null });
        if (sent !== null)
          await this.deps.messenger
            ?.update(reference, sent, messageCard(turn.tr, 'error', 'error', { reference: turn.reference }))
            .catch(() => undefined);
      });
  }

  /** Replaces a card that went out with areas still loading by the complete one. */
  private updateLater(turn: Turn, later: Promise<Answer>, activityId: string | null): void {
    if (activityId === null) return;
    const reference = TurnContext.getConversationReference(turn.context.activity);
    void later
      .then((complete) =>
        this.deps.messenger?.update(reference, activityId, withCardLanguage(complete.card, turn.tr)),
      )
      .catch((error: unknown) => {
        this.deps.logger.warn('card.updateFailed', { error: describeError(error) });
      });
  }

  private async runLookup(
    turn: Turn,
    kind: 'troubleshoot' | 'audit',
    target: Exclude<Target, { kind: 'missing' }>,
  ): Promise<Answer> {
    const { flows, context, tr } = turn;
    const { requester } = turn.facts;
    if (kind === 'audit') {
      const about: AuditTarget =
        target.kind === 'self'
          ? { kind: 'objectId', id: requester.aadObjectId ?? '' }
          : target.kind === 'text'
            ? { kind: 'text', text: target.text }
            : // Resolving a mention reads the roster, not Graph; access is still decided by the flow.
              await this.mentionedObjectId(context, target.mention.id).then((id) =>
                id === null ? { kind: 'text', text: target.mention.name } : { kind: 'objectId', id },
              );
      return present(await flows.audit.forAudit(requester, about), tr);
    }
    if (target.kind === 'self') return present(await flows.selfService.forSelf(requester), tr);
    if (target.kind === 'text') return present(await flows.troubleshoot.forText(requester, target.text), tr);
    const objectId = await this.mentionedObjectId(context, target.mention.id);
    return present(
      objectId === null
        ? await flows.troubleshoot.forText(requester, target.mention.name)
        : await flows.troubleshoot.forObjectId(requester, objectId),
      tr,
    );
  }

  /** A refusal the turn pipeline itself gives, in the catalogue's words. */
  private refusal(refusal: Refusal, tr: Translator): AdaptiveCard {
    return presentRefusal(refusal, tr).card;
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

  /** False when the entry could not be written (logged); lookups then show nothing. */
  private async record(
    facts: ActivityFacts,
    action: string,
    result: Pick<Answer, 'outcome' | 'targetId' | 'targetQuery'>,
  ): Promise<boolean> {
    try {
      await this.deps.audit.record({
        time: new Date().toISOString(),
        requesterId: facts.requester.aadObjectId,
        requesterName: facts.requester.name.slice(0, 200),
        tenantId: facts.requester.tenantId,
        targetId: result.targetId,
        targetQuery: result.targetQuery?.slice(0, 200) ?? null,
        action,
        conversationId: facts.conversationId.slice(0, 300),
        conversationKind: facts.conversation,
        outcome: result.outcome,
      });
      return true;
    } catch (error) {
      this.deps.logger.error('audit.writeFailed', { action, error: describeError(error) });
      return false;
    }
  }

  /** The placeholder's own action: the recreate action, sealed. */
  private sealed(action: RecreateAction): RecreateAction {
    return { verb: SEALED_ACTION_VERB, data: { sealed: this.deps.seal.seal(action) } };
  }

  /**
   * A shared placeholder's action, opened: the verb and data it stands for, with the placeholder's language
   * and time zone. Anything that does not open is an unknown verb ("That button didn't work").
   */
  private unsealed(
    verb: string,
    data: Record<string, unknown>,
  ): { verb: string; data: Record<string, unknown> } {
    if (verb !== SEALED_ACTION_VERB) return { verb, data };
    const opened = this.deps.seal.open(data.sealed);
    if (opened === null) return { verb: '', data: {} };
    return {
      verb: opened.verb,
      data: {
        ...opened.data,
        [CARD_LANGUAGE_KEY]: data[CARD_LANGUAGE_KEY],
        [CARD_TIME_ZONE_KEY]: data[CARD_TIME_ZONE_KEY],
      },
    };
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const facts = readActivityFacts(context.activity);
    const action = (invokeValue as Partial<AdaptiveCardInvokeValue> | undefined)?.action;
    const clicked: Record<string, unknown> =
      action?.data !== null && typeof action?.data === 'object' && !Array.isArray(action.data)
        ? action.data
        : {};
    const { verb, data } = this.unsealed(typeof action?.verb === 'string' ? action.verb : '', clicked);
    const handler = this.verbs.get(verb);
    // The answer speaks the clicked card's language; the client's own time zone beats the card's.
    const tr = translatorFor(
      facts.locale,
      parseLanguage(data[CARD_LANGUAGE_KEY]),
      facts.timeZone ?? parseTimeZone(data[CARD_TIME_ZONE_KEY]),
    );
    let answer: AdaptiveCard = messageCard(tr, 'badAction', 'warning');
    // Delegated mode: a click sent again after sign-in carries the SSO token or the sign-in code.
    const delegated = this.deps.delegated;
    const carried = delegated && handler ? await delegated.signIn.tokenOfClick(context, invokeValue) : 'none';
    /** A click that needs sign-in is answered with the sign-in itself (or why the token it carried failed). */
    let signInAnswer: AdaptiveCardInvokeResponse | null = null;
    const respond = (turn: Turn, card: AdaptiveCard): Promise<void> => {
      answer = withCardLanguage(card, tr);
      turn.summary.cardBytes += cardBytes(answer);
      return Promise.resolve();
    };
    await this.runTurn({
      kind: 'cardAction',
      context,
      facts,
      token: carried === 'none' ? null : carried.token,
      // A verb not in the table is attacker-controlled text: it is not logged.
      read: () => ({ tr, command: handler ? verb : 'unknown' }),
      readsGraph: handler !== undefined,
      answer: respond,
      signIn: async (turn) => {
        signInAnswer =
          carried === 'none' || carried.token !== null
            ? await this.loginRequest(context, tr)
            : carried.via === 'sso'
              ? // Teams then falls back to the sign-in button (consent, or a fresh sign-in).
                {
                  statusCode: 412,
                  type: 'application/vnd.microsoft.error.preconditionFailed',
                  value: { code: '412', message: 'The token could not be exchanged.' },
                }
              : { statusCode: 401, type: 'application/vnd.microsoft.error.invalidAuthCode', value: {} };
        await respond(turn, messageCard(tr, 'signInFirst', 'info'));
      },
      failed: async (outcome) => {
        if (handler) await this.record(facts, verb, { outcome, targetId: null });
      },
      run: async (turn) => {
        if (!handler) {
          turn.summary.outcome = 'invalid';
          await respond(turn, messageCard(tr, 'badAction', 'warning'));
          return;
        }
        const reference = TurnContext.getConversationReference(context.activity);
        const act = (): Promise<Answer> =>
          handler({
            requester: facts.requester,
            tr,
            data,
            flows: turn.flows,
            reference,
          });
        // A slow answer goes on in the background; in delegated mode the token's run carries it along.
        const timed = await this.inTime(act());
        // In a personal chat the clicked card is the requester's own: it is updated when the answer is whole.
        const cardId = facts.conversation === 'personal' ? context.activity.replyToId : undefined;
        if ('late' in timed) {
          turn.summary.outcome = 'late';
          await respond(turn, messageCard(tr, 'stillLoading', 'info'));
          this.finishInvokeLater(facts, verb, timed.late, reference, cardId, tr);
          return;
        }
        const { result } = timed;
        addResult(turn.summary, result);
        const recorded = await this.record(facts, verb, result);
        const card = auditedCard(result, verb, recorded, tr);
        if (card !== result.card) turn.summary.outcome = 'auditFailed';
        else {
          if (result.notice) {
            const notice = withCardLanguage(result.notice, tr);
            turn.summary.cardBytes += cardBytes(notice);
            await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(notice)));
          }
          if (result.later && cardId !== undefined)
            this.updateInvokeLater(result.later, reference, cardId, tr);
        }
        await respond(turn, card);
      },
    });
    return signInAnswer ?? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: answer };
  }

  /**
   * The click's answer is the sign-in itself; without the token service's sign-in resource, a card that says
   * to sign in (the clicked card stays).
   */
  private async loginRequest(
    context: TurnContext,
    tr: Translator,
  ): Promise<AdaptiveCardInvokeResponse | null> {
    const delegated = this.deps.delegated;
    if (!delegated) return null;
    try {
      return {
        statusCode: 401,
        type: 'application/vnd.microsoft.activity.loginRequest',
        value: await delegated.signIn.loginRequest(context, tr),
      };
    } catch (error) {
      this.deps.logger.warn('signIn.resourceFailed', { error: describeError(error) });
      return null;
    }
  }

  /**
   * Graph refused a read the bot cannot work without: named for whoever can fix it (the app's permission, or
   * in delegated mode the agent's own rights), and logged once per permission rather than on every turn.
   */
  private permissionCard(error: GraphPermissionError, tr: Translator): AdaptiveCard {
    if (!this.reportedPermissions.has(error.permission)) {
      this.reportedPermissions.add(error.permission);
      this.deps.logger.error('graph.permissionMissing', {
        permission: error.permission,
        status: error.cause.status,
        graphCode: error.cause.code ?? null,
        requestId: error.cause.requestId ?? null,
        graphAuth: this.deps.delegated ? 'delegated' : 'app',
      });
    }
    return messageCard(tr, this.deps.delegated ? 'rolesUnreadableAsAgent' : 'rolesUnreadable', 'error', {
      permission: error.permission,
    });
  }

  /** Teams' sign-in invokes (delegated mode): single sign-on's token exchange, and the sign-in pop-up's state; null for others. */
  private async signInInvoke(context: TurnContext): Promise<InvokeResponse | null> {
    const name = context.activity.name;
    const delegated = this.deps.delegated;
    if (!delegated || (name !== 'signin/tokenExchange' && name !== 'signin/verifyState')) return null;
    const outcome: SignInOutcome =
      name === 'signin/tokenExchange'
        ? await delegated.signIn.exchange(context)
        : await delegated.signIn.verifyState(context);
    this.deps.logger.info('signIn', { step: name, status: outcome.response.status });
    if (outcome.signedIn && outcome.pending !== null) {
      await this.handleMessage(context, { pending: outcome.pending, token: outcome.token });
    } else if (!outcome.signedIn && name === 'signin/verifyState') {
      const tr = translatorFor(readActivityFacts(context.activity).locale, null);
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(messageCard(tr, 'signInFailed', 'warning'))),
      );
    }
    return outcome.response;
  }

  private finishInvokeLater(
    facts: ActivityFacts,
    verb: string,
    pending: Promise<Answer>,
    reference: Partial<ConversationReference>,
    cardId: string | undefined,
    tr: Translator,
  ): void {
    void pending
      .then(async (result) => {
        const recorded = await this.record(facts, verb, result);
        const card = auditedCard(result, verb, recorded, tr);
        // A confirmation (a new case's id) reaches the person however late it comes.
        if (result.notice && card === result.card)
          await this.deps.messenger?.post(reference, withCardLanguage(result.notice, tr));
        if (cardId === undefined) return;
        await this.deps.messenger?.update(reference, cardId, withCardLanguage(card, tr));
        if (result.later && card === result.card) this.updateInvokeLater(result.later, reference, cardId, tr);
      })
      .catch(async (error: unknown) => {
        this.deps.logger.error('invoke.lateFailed', { verb, error: describeError(error) });
        await this.record(facts, verb, { outcome: 'failed', targetId: null });
      });
  }

  private updateInvokeLater(
    later: Promise<Answer>,
    reference: Partial<ConversationReference>,
    cardId: string,
    tr: Translator,
  ): void {
    void later
      .then((complete) => this.deps.messenger?.update(reference, cardId, withCardLanguage(complete.card, tr)))
      .catch((error: unknown) => {
        this.deps.logger.warn('card.updateFailed', { error: describeError(error) });
      });
  }

  /** Sends a card; the id Teams gave it (to update it later), when it says. */
  private async sendCard(turn: Turn, card: AdaptiveCard): Promise<string | null> {
    const stamped = withCardLanguage(card, turn.tr);
    turn.summary.cardBytes += cardBytes(stamped);
    const sent = await turn.context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(stamped)),
    );
    return typeof sent?.id === 'string' ? sent.id : null;
  }
}

/** What a message needs to be answered later: its text, its mentions and its language; nothing else. */
function pendingOf(activity: Partial<Activity>, text: string): PendingCommand {
  const entities: Entity[] = Array.isArray(activity.entities) ? activity.entities : [];
  return {
    text,
    entities: entities
      .filter(
        (e) =>
          e !== null &&
          typeof e === 'object' &&
          ['mention', 'clientInfo'].includes((e as { type?: unknown }).type as string),
      )
      .slice(0, 20),
    locale: typeof activity.locale === 'string' ? activity.locale.slice(0, 20) : null,
  };
}
