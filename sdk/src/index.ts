/**
 * The Latchkey admin SDK: a hand-written layer over the client generated from docs/openapi.json
 * that obtains, caches and refreshes the admin token and throws typed errors. See docs/sdk.md.
 */
export {
  LatchkeyApiError,
  LatchkeyAuthError,
  LatchkeyError,
  type LatchkeyFieldIssue,
  LatchkeyNetworkError,
} from './errors.js';
export { LatchkeyClient, type LatchkeyClientOptions } from './latchkey-client.js';
export type { UserQuery } from './resources/users.js';
export { getServerStatus, type ServerStatus, type ServerStatusOptions } from './server-status.js';
export type { ClientCredentials } from './token-source.js';
export type * from './types.js';
export { iteratePages } from './types.js';
