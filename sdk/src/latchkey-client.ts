import type { Client } from './generated/client/index.js';
import * as api from './generated/sdk.gen.js';
import { fetchReportingNetworkErrors } from './network.js';
import { ClientsResource } from './resources/clients.js';
import { DeadLettersResource } from './resources/dead-letters.js';
import { TenantsResource } from './resources/tenants.js';
import { UsersResource } from './resources/users.js';
import { type ClientCredentials, TokenSource } from './token-source.js';
import { createTransport, fetchWithAdminToken, toApiError } from './transport.js';
import type { Readiness } from './types.js';

export interface LatchkeyClientOptions extends ClientCredentials {
  /** Replaces the global fetch, e.g. to add a proxy or a timeout. */
  fetch?: typeof fetch;
  /** Clock for token expiry, in epoch milliseconds; tests pass their own. */
  now?: () => number;
}

/** What `status()` reports: the server's own answer plus whether every dependency is ready. */
export interface ServerStatus extends Readiness {
  ready: boolean;
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
  private readonly anonymous: Client;

  constructor(options: LatchkeyClientOptions) {
    const baseFetch = fetchReportingNetworkErrors(options.fetch ?? globalThis.fetch);
    this.tokenSource = new TokenSource(options, baseFetch, options.now);
    const authorised = createTransport(
      options.url,
      fetchWithAdminToken(this.tokenSource, baseFetch),
    );
    this.anonymous = createTransport(options.url, baseFetch);
    this.tenants = new TenantsResource(authorised);
    this.clients = new ClientsResource(authorised);
    this.users = new UsersResource(authorised);
    this.deadLetters = new DeadLettersResource(authorised);
  }

  /** Obtains a token now, so wrong credentials fail here rather than at the first call. */
  async authenticate(): Promise<void> {
    await this.tokenSource.token();
  }

  /** Readiness of the server and each dependency; answers (ready: false) rather than throws on 503. */
  async status(): Promise<ServerStatus> {
    const { data, error, response } = await api.getReadiness({ client: this.anonymous });
    if (error instanceof Error) throw error;
    const body = (data ?? error) as Readiness | undefined;
    const isReadiness = typeof body === 'object' && body !== null && 'checks' in body;
    if (!response || !isReadiness) throw toApiError(response ?? new Response(null), error);
    return { ...body, ready: response.ok };
  }
}
