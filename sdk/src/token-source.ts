import { LatchkeyAuthError } from './errors.js';

export interface ClientCredentials {
  /** Base URL of the Latchkey server, e.g. `https://id.example.com`. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated admin scopes; omitted, the server grants what the client is allowed. */
  scope?: string;
}

interface CachedToken {
  value: string;
  /** Epoch milliseconds after which the token is no longer used. */
  usableUntil: number;
}

/** Stop using a token this long before it expires, so it never expires in flight. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Obtains admin access tokens from the `system` tenant's token endpoint with the client
 * credentials grant (RFC 6749 §4.4, client_secret_basic), and caches one until shortly before it
 * expires. Concurrent callers share one request.
 */
export class TokenSource {
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly fetchImpl: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {}

  /** A usable access token, from the cache when it is still fresh. */
  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.usableUntil) return this.cached.value;
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    this.cached = await this.pending;
    return this.cached.value;
  }

  /** Forgets the cached token, e.g. after the API rejected it with 401. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async requestToken(): Promise<CachedToken> {
    const { url, clientId, clientSecret, scope } = this.credentials;
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) body.set('scope', scope);
    const startedAt = this.now();
    const tokenUrl = `${url.replace(/\/+$/, '')}/t/system/token`;
    const response = await this.fetchImpl(tokenUrl, {
      method: 'POST',
      headers: {
        authorization: basicAuthorization(clientId, clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body,
    });
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw tokenError(response.status, payload, tokenUrl);
    if (typeof payload.access_token !== 'string') {
      const message = 'The token endpoint answered without an access_token.';
      throw new LatchkeyAuthError(response.status, 'invalid_response', message);
    }
    const lifetimeMs = typeof payload.expires_in === 'number' ? payload.expires_in * 1000 : 60_000;
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10);
    return { value: payload.access_token, usableUntil: startedAt + lifetimeMs - margin };
  }
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

function tokenError(
  status: number,
  payload: Record<string, unknown>,
  tokenUrl: string,
): LatchkeyAuthError {
  // RFC 6749 §5.2 says `error`; a route that is not a token endpoint may answer a problem `code`.
  const named = payload.error ?? payload.code;
  const code = typeof named === 'string' ? named : `http_${status}`;
  if (typeof payload.error_description === 'string') {
    return new LatchkeyAuthError(status, code, payload.error_description);
  }
  // Without an OAuth error the answer did not come from a token endpoint: most often the URL
  // is wrong (a missing or extra path prefix), and "credentials refused" would send the user
  // to check the wrong thing.
  const description =
    status === 404
      ? `No Latchkey token endpoint at ${tokenUrl} (HTTP 404): check the server URL.`
      : `The server did not answer as a Latchkey token endpoint at ${tokenUrl} (HTTP ${status}): check the server URL.`;
  return new LatchkeyAuthError(status, code, description);
}
