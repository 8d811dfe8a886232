/**
 * The SDK's public names for the admin API's shapes. They alias the generated types, so a
 * renamed schema in docs/openapi.json is absorbed here and nowhere else.
 */
import type * as api from './generated/types.gen.js';

export type Tenant = api.Tenant;
export type TenantCreate = api.TenantCreate;
export type TenantUpdate = api.TenantUpdate;
export type OAuthClient = api.OAuthClient;
/** A confidential client as created or rotated: the only time `clientSecret` is shown. */
export type OAuthClientWithSecret = api.OAuthClientWithSecret;
export type OAuthClientCreate = api.OAuthClientCreate;
export type OAuthClientUpdate = api.OAuthClientUpdate;
export type User = api.User;
export type UserCreate = api.UserCreate;
export type UserUpdate = api.UserUpdate;
export type DeadLetter = api.DeadLetter;
export type Readiness = api.Readiness;

/** One page of a list; pass `nextCursor` back as `cursor` for the next one, until it is null. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageQuery {
  /** 1 to 200; the server's default is 50. */
  limit?: number;
  cursor?: string;
}

/** Walks every page of a list, asking for the next only when the caller wants more. */
export async function* iteratePages<T>(
  fetchPage: (cursor?: string) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
