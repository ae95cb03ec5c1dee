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
import { createTranslator } from '../i18n';
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

export function createMessageEndpoint(
  adapter: CloudAdapter,
  bot: ActivityHandler,
  logger: Logger,
): MessageEndpoint {
  installTurnErrorHandler(adapter, logger);
  return async (req, res) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error('request.failed', { error: describeError(error) });
      if (!(res as { headersSent?: boolean }).headersSent) {
        res.status(500);
        res.send({ error: 'internal error' });
        res.end();
      }
    }
  };
}
