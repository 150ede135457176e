import type { Clock } from '../../ports/clock.ts';
import { KEY_BYTES, unwrapWithKek, wrapWithKek } from './aes-gcm.ts';
import { crc32c } from './crc32c.ts';
import { EnvelopeError } from './envelope-errors.ts';
import type { KeyEncryptionKeyProvider, WrappedDataKey } from './key-provider.ts';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string> },
) => Promise<Response>;
/** An OAuth2 access token for the Secret Manager API (see metadataServerTokenSource). */
export type AccessTokenSource = () => Promise<string>;

export interface SecretManagerKeyProviderOptions {
  /** `projects/<project>/secrets/<secret>`; the secret holds the 32 KEK bytes, raw or as base64 text. */
  readonly secret: string;
  readonly accessToken: AccessTokenSource;
  readonly clock: Clock;
  readonly fetch?: FetchLike;
  /** Default `https://secretmanager.googleapis.com`; a local fake in tests. */
  readonly endpoint?: string;
  /** How long `latest` stays resolved to one version before asking again. Default 10 minutes. */
  readonly latestTtlMs?: number;
}

const SECRET_NAME = /^projects\/[^/]+\/secrets\/([^/]+)$/;
const VERSION_NAME = /^projects\/[^/]+\/secrets\/([^/]+)\/versions\/\d+$/;

/**
 * KEK from Google Secret Manager through its REST API (`versions/*:access`): new secrets are wrapped with
 * the `latest` version, and the key id records the resolved version (`gsm:projects/../versions/N`), so
 * after a rotation old secrets still open with their own version. Versions are immutable and cached; the
 * KEK bytes stay in this process, wrapping is local AES-256-GCM.
 */
export class SecretManagerKeyProvider implements KeyEncryptionKeyProvider {
  private readonly secretId: string;
  private readonly versions = new Map<string, Promise<Buffer>>();
  private latest: { readonly name: Promise<string>; readonly until: number } | undefined;

  constructor(private readonly options: SecretManagerKeyProviderOptions) {
    const match = SECRET_NAME.exec(options.secret);
    if (match?.[1] === undefined)
      throw new TypeError(`secret must be projects/*/secrets/*, got ${options.secret}`);
    this.secretId = match[1];
  }

  async wrapKey(dataKey: Uint8Array): Promise<WrappedDataKey> {
    const version = await this.latestVersion();
    const keyId = `gsm:${version}`;
    return { keyId, wrappedKey: wrapWithKek(await this.kek(version), keyId, dataKey) };
  }

  async unwrapKey(wrapped: WrappedDataKey): Promise<Buffer> {
    const version = wrapped.keyId.startsWith('gsm:') ? wrapped.keyId.slice(4) : '';
    if (VERSION_NAME.exec(version)?.[1] !== this.secretId) {
      throw new EnvelopeError(
        'key_id_mismatch',
        `${wrapped.keyId} is not a version of ${this.options.secret}`,
      );
    }
    return unwrapWithKek(await this.kek(version), wrapped.keyId, wrapped.wrappedKey);
  }

  private latestVersion(): Promise<string> {
    const now = this.options.clock.now();
    if (this.latest === undefined || now >= this.latest.until) {
      const name = this.access(`${this.options.secret}/versions/latest`).then((result) => {
        this.versions.set(result.name, Promise.resolve(result.key));
        return result.name;
      });
      this.latest = { name, until: now + (this.options.latestTtlMs ?? 600_000) };
      name.catch(() => (this.latest = undefined));
    }
    return this.latest.name;
  }

  private kek(version: string): Promise<Buffer> {
    let key = this.versions.get(version);
    if (key === undefined) {
      key = this.access(version).then((result) => result.key);
      this.versions.set(version, key);
      key.catch(() => this.versions.delete(version));
    }
    return key;
  }

  private async access(versionName: string): Promise<{ name: string; key: Buffer }> {
    const endpoint = this.options.endpoint ?? 'https://secretmanager.googleapis.com';
    const fetchFn = this.options.fetch ?? fetch;
    let body: unknown;
    try {
      const token = await this.options.accessToken();
      const response = await fetchFn(`${endpoint}/v1/${versionName}:access`, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
      body = await response.json();
    } catch (error) {
      throw new EnvelopeError('key_unavailable', `cannot access ${versionName}`, { cause: error });
    }
    return parseAccessResponse(body, versionName);
  }
}

function parseAccessResponse(body: unknown, versionName: string): { name: string; key: Buffer } {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const payload = (typeof record['payload'] === 'object' ? record['payload'] : null) as Record<
    string,
    unknown
  > | null;
  const name = record['name'];
  const data = payload?.['data'];
  if (typeof name !== 'string' || VERSION_NAME.exec(name) === null || typeof data !== 'string') {
    throw new EnvelopeError('key_unavailable', `unexpected access response for ${versionName}`);
  }
  const bytes = Buffer.from(data, 'base64');
  const checksum = payload?.['dataCrc32c'];
  if (checksum !== undefined && String(checksum) !== String(crc32c(bytes))) {
    throw new EnvelopeError('key_unavailable', `${name}: payload checksum mismatch`);
  }
  return { name, key: kekFromPayload(bytes, name) };
}

/** Raw 32 bytes, or their base64 text (what `openssl rand -base64 32` writes, newline included). */
function kekFromPayload(bytes: Buffer, name: string): Buffer {
  if (bytes.length === KEY_BYTES) return bytes;
  const decoded = Buffer.from(bytes.toString('utf8').trim(), 'base64');
  if (decoded.length === KEY_BYTES) return decoded;
  throw new EnvelopeError('invalid_key', `${name} holds ${bytes.length} bytes, not a ${KEY_BYTES}-byte key`);
}

/**
 * Access tokens from the GCE/Cloud Run metadata server, cached until a minute before they expire.
 * `endpoint` defaults to `http://metadata.google.internal`.
 */
export function metadataServerTokenSource(options: {
  readonly clock: Clock;
  readonly fetch?: FetchLike;
  readonly endpoint?: string;
}): AccessTokenSource {
  let cached: { token: string; until: number } | undefined;
  return async () => {
    const now = options.clock.now();
    if (cached !== undefined && now < cached.until) return cached.token;
    const endpoint = options.endpoint ?? 'http://metadata.google.internal';
    const response = await (options.fetch ?? fetch)(
      `${endpoint}/computeMetadata/v1/instance/service-accounts/default/token`,
      { method: 'GET', headers: { 'metadata-flavor': 'Google' } },
    );
    if (!response.ok) throw new Error(`metadata server token: HTTP ${response.status}`);
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new Error('metadata server token: unexpected response');
    }
    cached = { token: body.access_token, until: now + Math.max(0, body.expires_in - 60) * 1000 };
    return cached.token;
  };
}
