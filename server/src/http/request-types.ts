import type { OAuthClientRow } from '../persistence/entities/oauth-client.js';
import type { TenantRow } from '../persistence/entities/tenant.js';

declare global {
  namespace Express {
    interface Request {
      /** The tenant of a `/t/:tenant/...` route, resolved and known to be active. */
      tenant?: TenantRow;
      /** The client that authenticated at a protocol endpoint. */
      oauthClient?: OAuthClientRow;
    }
  }
}
