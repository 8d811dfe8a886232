import { fetchReportingNetworkErrors } from './network.js';
import { ClientsResource } from './resources/clients.js';
import { DeadLettersResource } from './resources/dead-letters.js';
import { TenantsResource } from './resources/tenants.js';
import { UsersResource } from './resources/users.js';
import { getServerStatus, type ServerStatus } from './server-status.js';
import { type ClientCredentials, TokenSource } from './token-source.js';
import { createTransport, fetchWithAdminToken } from './transport.js';

export interface LatchkeyClientOptions extends ClientCredentials {
  /** Replaces the global fetch, e.g. to add a proxy. */
  fetch?: typeof fetch;
  /** Give up on a request after this long and throw LatchkeyNetworkError; default: wait. */
  timeoutMs?: number;
  /** Clock for token expiry, in epoch milliseconds; tests pass their own. */
  now?: () => number;
}

/**
 * The Latchkey admin API, authorised as one admin client of the `system` tenant.
 *
 * @example
 * const latchkey = new LatchkeyClient({ url, clientId, clientSecret });
 * const tenant = await latchkey.tenants.create({ slug: 'acme', displayName: 'Acme' });
 * const app = await latchkey.clients.create('acme', {
 *   name: 'Web', redirectUris: ['https://app.acme.test/callback'],
 * });
 * console.log(tenant.issuer, app.clientId, app.clientSecret);
 */
export class LatchkeyClient {
  readonly tenants: TenantsResource;
  readonly clients: ClientsResource;
  readonly users: UsersResource;
  readonly deadLetters: DeadLettersResource;
  private readonly tokenSource: TokenSource;

  constructor(private readonly options: LatchkeyClientOptions) {
    const baseFetch = fetchReportingNetworkErrors(
      options.fetch ?? globalThis.fetch,
      options.timeoutMs,
    );
    this.tokenSource = new TokenSource(options, baseFetch, options.now);
    const authorised = createTransport(
      options.url,
      fetchWithAdminToken(this.tokenSource, baseFetch),
    );
    this.tenants = new TenantsResource(authorised);
    this.clients = new ClientsResource(authorised);
    this.users = new UsersResource(authorised);
    this.deadLetters = new DeadLettersResource(authorised);
  }

  /** Obtains a token now, so wrong credentials fail here rather than at the first call. */
  async authenticate(): Promise<void> {
    await this.tokenSource.token();
  }

  /** Readiness of the server and each dependency; see getServerStatus. */
  status(): Promise<ServerStatus> {
    return getServerStatus(this.options.url, this.options);
  }
}
