import type { Client } from '../generated/client/index.js';
import * as api from '../generated/sdk.gen.js';
import { unwrap } from '../transport.js';
import type { Page, PageQuery, Tenant, TenantCreate, TenantUpdate } from '../types.js';
import { iteratePages } from '../types.js';

/** Tenants: each one its own issuer at `{url}/t/{slug}`. */
export class TenantsResource {
  constructor(private readonly client: Client) {}

  create(body: TenantCreate): Promise<Tenant> {
    return unwrap(api.createTenant({ client: this.client, body }));
  }

  list(query: PageQuery = {}): Promise<Page<Tenant>> {
    return unwrap(api.listTenants({ client: this.client, query }));
  }

  listAll(): AsyncGenerator<Tenant> {
    return iteratePages((cursor) => this.list({ cursor, limit: 200 }));
  }

  get(slug: string): Promise<Tenant> {
    return unwrap(api.getTenant({ client: this.client, path: { slug } }));
  }

  update(slug: string, body: TenantUpdate): Promise<Tenant> {
    return unwrap(api.updateTenant({ client: this.client, path: { slug }, body }));
  }

  /** Soft delete: the tenant answers in status `deleting` until `purgeAfter`. */
  delete(slug: string): Promise<Tenant> {
    return unwrap(api.deleteTenant({ client: this.client, path: { slug } }));
  }
}
