// The bot's side of POST /api/messages: the adapter checks the caller's token, runs the turn and answers on
// the response. Turns handle their own failures (the bot's turn pipeline); whatever still escapes a turn ends
// here with the same localized error card and a reference for the log, and a request that could not be
// processed at all gets 500 without a word about why.
import {
  CardFactory,
  MessageFactory,
  type ActivityHandler,
  type CloudAdapter,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
// Only this error class means "the caller's token was refused" (botbuilder does not re-export it).
import { AuthenticationError } from 'botframework-connector';
import { createTranslator } from '../i18n';
import type { PacedCloudAdapter } from './create-adapter';
import { describeError, type Logger } from '../logging/logger';
import { messageCard } from '../views/message-view';

/** Runs the activity in `req.body` (already read and checked by the server) and answers on `res`; never throws. */
export type MessageEndpoint = (req: Request, res: Response) => Promise<void>;

export function installTurnErrorHandler(adapter: CloudAdapter, logger: Logger): void {
  adapter.onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    const reference = Math.random().toString(36).slice(2, 10);
    logger.error('turn.unhandled', { reference, error: describeError(error) });
    const tr = createTranslator(context.activity.locale);
    try {
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(messageCard(tr, 'error', 'error', { reference }))),
      );
    } catch (sendError) {
      logger.error('turn.errorReplyFailed', { reference, error: describeError(sendError) });
    }
  };
}

/**
 * The adapter's own `process` would print every refused token to the console with its stack, and answer
 * errors with their message: anyone can send requests without a token, so a 401 is one quiet log line here,
 * and no error text leaves the process.
 */
export function createMessageEndpoint(
  adapter: PacedCloudAdapter,
  bot: ActivityHandler,
  logger: Logger,
): MessageEndpoint {
  installTurnErrorHandler(adapter, logger);
  return async (req, res) => {
    const header = req.headers.authorization ?? req.headers.Authorization;
    const authorization = typeof header === 'string' ? header : '';
    try {
      const body = req.body ?? {};
      const answer = await adapter.runIncoming(authorization, body, (context) => bot.run(context));
      reply(res, answer?.status ?? 200, answer?.body);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        logger.warn('request.unauthorized', { path: '/api/messages', hadToken: authorization !== '' });
        reply(res, 401, { error: 'unauthorized' });
        return;
      }
      logger.error('request.failed', { error: describeError(error) });
      reply(res, 500, { error: 'internal error' });
    }
  };
}

function reply(res: Response, status: number, body: unknown): void {
  res.status(status);
  if (body !== undefined) res.send(body);
  res.end();
}
