// The signed-in agent's Graph token for the turn in progress (delegated mode). It lives only in memory, for
// the duration of one turn: the bot puts it in, the Graph client reads it, nothing else keeps it.
import { AsyncLocalStorage } from 'node:async_hooks';

export type AccessTokenProvider = () => Promise<string>;

/** No token for this call: Graph was asked for something outside a signed-in turn. */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';

  constructor() {
    super('Delegated Graph access needs a signed-in turn');
  }
}

export class TurnTokens {
  private readonly storage = new AsyncLocalStorage<AccessTokenProvider>();

  /** Runs `work` with `provider` as the Graph token source of everything it awaits. */
  run<T>(provider: AccessTokenProvider, work: () => Promise<T>): Promise<T> {
    return this.storage.run(provider, work);
  }

  /** The token of the turn in progress; throws SignInRequiredError outside one. */
  async current(): Promise<string> {
    const provider = this.storage.getStore();
    if (provider === undefined) throw new SignInRequiredError();
    return provider();
  }
}
