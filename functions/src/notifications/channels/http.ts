import { isRetryableStatus, parseRetryAfter, type SendOutcome } from '../delivery.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpPost {
  readonly url: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Where the vendor puts the retry delay in a 429 body, in seconds (Telegram, Discord). */
  readonly retryAfterFromBody?: (body: unknown) => number | undefined;
}

export const HTTP_TIMEOUT_MS = 10_000;

/** One JSON POST, its result classified for the retry loop; network errors and timeouts are retryable. */
export async function postJson(fetchImpl: FetchLike, request: HttpPost, nowMs: number): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
  } catch (error: unknown) {
    return { ok: false, retryable: true, status: 0, retryAfterMs: null, detail: errorText(error) };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { ok: true, status: response.status };
  const retryAfterMs =
    parseRetryAfter(response.headers.get('retry-after'), nowMs) ??
    bodyRetryAfter(text, request.retryAfterFromBody);
  return {
    ok: false,
    retryable: isRetryableStatus(response.status),
    status: response.status,
    retryAfterMs,
    detail: text.slice(0, 300),
  };
}

function bodyRetryAfter(text: string, pick: HttpPost['retryAfterFromBody']): number | null {
  if (pick === undefined) return null;
  try {
    const seconds = pick(JSON.parse(text) as unknown);
    return seconds === undefined || !Number.isFinite(seconds) ? null : Math.round(seconds * 1000);
  } catch {
    return null;
  }
}

export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

/** Keeps tokens out of logs: URLs are reported as origin only. */
export function redactUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '<invalid url>';
  }
}
