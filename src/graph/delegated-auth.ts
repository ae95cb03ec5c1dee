// Delegated mode: every Graph request carries the signed-in agent's own token, so Graph applies their Intune
// role. The token comes from the turn in progress and is attached only to requests under our base URL.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export type TurnAccessToken = () => Promise<string>;

export class DelegatedAuthHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly token: TurnAccessToken,
    /** Graph's service root; a token never goes to any other origin (a nextLink elsewhere, say). */
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      setHeader(context, 'Authorization', `Bearer ${await this.token()}`);
    }
    if (this.next === undefined) throw new Error('DelegatedAuthHandler has no next middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function setHeader(context: Context, name: string, value: string): void {
  if (typeof context.request !== 'string') {
    context.request.headers.set(name, value);
    return;
  }
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers === undefined) options.headers = { [name]: value };
  else if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) {
    const existing = headers.find((entry) => String(entry[0]).toLowerCase() === name.toLowerCase());
    if (existing) existing[1] = value;
    else headers.push([name, value]);
  } else headers[name] = value;
}
