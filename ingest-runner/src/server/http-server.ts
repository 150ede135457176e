import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProbeSource {
  /** 200 only after warm-up and reconciliation, 503 before and while draining. */
  readiness(): { readonly ready: boolean; readonly state: string };
  metrics(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  /** The event loop counts as stalled when its heartbeat is older than this (default 5 s). */
  readonly stallAfterMs?: number;
  readonly now?: () => number;
}

const LOOP_BEAT_MS = 250;

/**
 * The runner's probes and metrics on node:http: GET /healthz (alive and the event loop beating),
 * GET /readyz (ready for traffic), GET /metrics (Prometheus text). Anything else is 404.
 */
export class RunnerHttpServer {
  private readonly server: Server;
  private lastBeat: number;
  private readonly beat: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly probes: ProbeSource,
    private readonly options: HttpServerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.lastBeat = this.now();
    this.beat = setInterval(() => (this.lastBeat = this.now()), LOOP_BEAT_MS);
    this.beat.unref();
    this.server = createServer((req, res) => void this.handle(req, res));
    // Cloud Run keeps connections alive; do not let idle sockets hold a draining process open.
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** The bound port once listening (PORT=0 picks a free one). */
  get port(): number | undefined {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? (address as AddressInfo).port : undefined;
  }

  async close(): Promise<void> {
    clearInterval(this.beat);
    this.server.closeIdleConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    try {
      if (path === '/healthz') {
        const stalledMs = this.now() - this.lastBeat;
        const ok = stalledMs < (this.options.stallAfterMs ?? 5_000);
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'event_loop_stalled', stalledMs });
      }
      if (path === '/readyz') {
        const { ready, state } = this.probes.readiness();
        return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', state });
      }
      if (path === '/metrics') {
        const { contentType, body } = await this.probes.metrics();
        res.writeHead(200, { 'content-type': contentType });
        res.end(body);
        return;
      }
      send(res, 404, 'not found\n');
    } catch (error) {
      send(res, 500, `${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body) + '\n');
}
