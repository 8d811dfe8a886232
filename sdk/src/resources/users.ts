import type { Client } from '../generated/client/index.js';
import * as api from '../generated/sdk.gen.js';
import { unwrap } from '../transport.js';
import type { Page, PageQuery, User, UserCreate, UserUpdate } from '../types.js';
import { iteratePages } from '../types.js';

export interface UserQuery extends PageQuery {
  /** Keeps users whose normalised email starts with this text. */
  email?: string;
}

/** Users of one tenant. */
export class UsersResource {
  constructor(private readonly client: Client) {}

  create(tenant: string, body: UserCreate): Promise<User> {
    return unwrap(api.createUser({ client: this.client, path: { slug: tenant }, body }));
  }

  list(tenant: string, query: UserQuery = {}): Promise<Page<User>> {
    return unwrap(api.listUsers({ client: this.client, path: { slug: tenant }, query }));
  }

  listAll(tenant: string, query: Omit<UserQuery, 'cursor' | 'limit'> = {}): AsyncGenerator<User> {
    return iteratePages((cursor) => this.list(tenant, { ...query, cursor, limit: 200 }));
  }

  get(tenant: string, userId: string): Promise<User> {
    return unwrap(api.getUser({ client: this.client, path: { slug: tenant, userId } }));
  }

  update(tenant: string, userId: string, body: UserUpdate): Promise<User> {
    const path = { slug: tenant, userId };
    return unwrap(api.updateUser({ client: this.client, path, body }));
  }

  async delete(tenant: string, userId: string): Promise<void> {
    await unwrap(api.deleteUser({ client: this.client, path: { slug: tenant, userId } }));
  }

  disable(tenant: string, userId: string): Promise<User> {
    return unwrap(api.disableUser({ client: this.client, path: { slug: tenant, userId } }));
  }

  enable(tenant: string, userId: string): Promise<User> {
    return unwrap(api.enableUser({ client: this.client, path: { slug: tenant, userId } }));
  }
}
