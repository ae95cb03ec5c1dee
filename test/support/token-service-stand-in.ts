// A loopback stand-in for the Bot Framework token service (the UserToken API behind an Azure Bot OAuth
// connection): it holds user tokens, exchanges Teams SSO tokens it was told about, redeems sign-in codes, and
// records what the bot asked. Shapes follow botframework-connector's token API client.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenServiceRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export class TokenServiceStandIn {
  /** Graph tokens held, by `userId|connectionName`. */
  readonly held = new Map<string, string>();
  /** Teams SSO tokens the service can exchange, and the Graph token each becomes. */
  readonly exchangeable = new Map<string, string>();
  /** Sign-in pop-up codes (the verifyState state), and the Graph token each redeems. */
  readonly codes = new Map<string, string>();
  /** SSO tokens whose exchange fails because the user has not consented yet (AAD's consent_required). */
  readonly needsConsent = new Set<string>();
  readonly requests: TokenServiceRequest[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(): Promise<TokenServiceStandIn> {
    let standIn: TokenServiceStandIn | null = null;
    const server = createServer((req, res) => {
      void standIn?.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new TokenServiceStandIn(server, `http://127.0.0.1:${port}`);
    return standIn;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  paths(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const body: unknown = text === '' ? null : JSON.parse(text);
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.searchParams, body });
    const q = url.searchParams;
    const key = `${q.get('userId') ?? ''}|${q.get('connectionName') ?? ''}`;
    const tokenResponse = (token: string): unknown => ({
      channelId: q.get('channelId'),
      connectionName: q.get('connectionName'),
      token,
      expiration: new Date(Date.now() + 3_600_000).toISOString(),
    });

    if (method === 'GET' && url.pathname === '/api/usertoken/GetToken') {
      const code = q.get('code');
      if (code) {
        const redeemed = this.codes.get(code);
        if (redeemed === undefined) return send(res, 404, null);
        this.codes.delete(code);
        this.held.set(key, redeemed);
      }
      const token = this.held.get(key);
      return token === undefined ? send(res, 404, null) : send(res, 200, tokenResponse(token));
    }
    if (method === 'GET' && url.pathname === '/api/botsignin/GetSignInResource') {
      return send(res, 200, {
        signInLink: `https://token.example/api/oauth/signin?signin=${encodeURIComponent(q.get('state') ?? '')}`,
        tokenExchangeResource: {
          id: 'exchange-1',
          uri: 'api://botid-00000000-0000-4000-8000-000000000b07/access_as_user',
          providerId: 'aad-provider',
        },
      });
    }
    if (method === 'POST' && url.pathname === '/api/usertoken/exchange') {
      const sso = (body as { token?: string } | null)?.token ?? '';
      if (this.needsConsent.has(sso)) {
        return send(res, 400, {
          error: { code: 'ServiceError', message: 'AADSTS65001: consent_required' },
        });
      }
      const token = this.exchangeable.get(sso);
      if (token === undefined) return send(res, 404, { channelId: q.get('channelId') });
      this.held.set(key, token);
      return send(res, 200, tokenResponse(token));
    }
    if (method === 'DELETE' && url.pathname === '/api/usertoken/SignOut') {
      this.held.delete(key);
      return send(res, 200, null);
    }
    send(res, 404, { error: { code: 'NotFound' } });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = body === null ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}
