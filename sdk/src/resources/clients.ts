import type { Client } from '../generated/client/index.js';
import * as api from '../generated/sdk.gen.js';
import { unwrap } from '../transport.js';
import type {
  OAuthClient,
  OAuthClientCreate,
  OAuthClientUpdate,
  OAuthClientWithSecret,
  Page,
  PageQuery,
} from '../types.js';
import { iteratePages } from '../types.js';

/** OAuth clients of one tenant. A confidential client's secret is shown only at create and rotate. */
export class ClientsResource {
  constructor(private readonly client: Client) {}

  create(tenant: string, body: OAuthClientCreate): Promise<OAuthClientWithSecret> {
    return unwrap(api.createClient({ client: this.client, path: { slug: tenant }, body }));
  }

  list(tenant: string, query: PageQuery = {}): Promise<Page<OAuthClient>> {
    return unwrap(api.listClients({ client: this.client, path: { slug: tenant }, query }));
  }

  listAll(tenant: string): AsyncGenerator<OAuthClient> {
    return iteratePages((cursor) => this.list(tenant, { cursor, limit: 200 }));
  }

  get(tenant: string, clientId: string): Promise<OAuthClient> {
    return unwrap(api.getClient({ client: this.client, path: { slug: tenant, clientId } }));
  }

  update(tenant: string, clientId: string, body: OAuthClientUpdate): Promise<OAuthClient> {
    const path = { slug: tenant, clientId };
    return unwrap(api.updateClient({ client: this.client, path, body }));
  }

  async delete(tenant: string, clientId: string): Promise<void> {
    await unwrap(api.deleteClient({ client: this.client, path: { slug: tenant, clientId } }));
  }

  /** Issues a new secret; the old one stops working. The new one is in `clientSecret`, once. */
  rotateSecret(tenant: string, clientId: string): Promise<OAuthClientWithSecret> {
    const path = { slug: tenant, clientId };
    return unwrap(api.rotateClientSecret({ client: this.client, path }));
  }
}
