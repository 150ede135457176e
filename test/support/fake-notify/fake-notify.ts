import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which vendor a request was for, by path. */
export type FakeRoute = 'sendgrid' | 'telegram' | 'discord' | 'webhook' | 'unknown';

export interface RecordedRequest {
  readonly route: FakeRoute;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (webhook signatures are over these bytes). */
  readonly body: string;
  readonly json: unknown;
  readonly at: number;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export const DISCORD_PATH = '/api/webhooks/1234/discord-token';
export const WEBHOOK_PATH = '/hooks/engine';

/** The vendors' normal success answers. */
const SUCCESS: Readonly<Record<FakeRoute, ScriptedResponse>> = {
  sendgrid: { status: 202 },
  telegram: { status: 200, body: { ok: true, result: { message_id: 1 } } },
  discord: { status: 204 },
  webhook: { status: 200, body: { received: true } },
  unknown: { status: 404, body: { error: 'no such route' } },
};

function routeOf(path: string): FakeRoute {
  if (path === '/v3/mail/send') return 'sendgrid';
  if (/^\/bot[^/]+\/sendMessage$/.test(path)) return 'telegram';
  if (path === DISCORD_PATH) return 'discord';
  if (path === WEBHOOK_PATH) return 'webhook';
  return 'unknown';
}

/**
 * One local HTTP server standing in for SendGrid, the Telegram Bot API, a Discord webhook and a generic
 * webhook receiver. It records every request and answers from a per-route script (then success).
 */
export class FakeNotify {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<FakeRoute, ScriptedResponse[]>();

  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => this.answer(request, Buffer.concat(chunks).toString('utf8'), response));
  });

  private constructor() {}

  static async start(): Promise<FakeNotify> {
    const fake = new FakeNotify();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next requests to `route` get these answers, in order; after them, success. */
  script(route: FakeRoute, ...responses: ScriptedResponse[]): void {
    this.scripts.set(route, [...(this.scripts.get(route) ?? []), ...responses]);
  }

  to(route: FakeRoute): RecordedRequest[] {
    return this.requests.filter((request) => request.route === route);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private answer(request: IncomingMessage, body: string, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const route = routeOf(path);
    let json: unknown = null;
    try {
      json = body === '' ? null : (JSON.parse(body) as unknown);
    } catch {
      json = null;
    }
    this.requests.push({
      route,
      method: request.method ?? '',
      path,
      headers: request.headers,
      body,
      json,
      at: Date.now(),
    });
    const answer = this.nextResponse(route);
    const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      ...(payload === '' ? {} : { 'content-type': 'application/json' }),
      ...answer.headers,
    });
    response.end(payload);
  }

  private nextResponse(route: FakeRoute): ScriptedResponse {
    return this.scripts.get(route)?.shift() ?? SUCCESS[route];
  }
}
