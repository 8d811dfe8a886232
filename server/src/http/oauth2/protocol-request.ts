import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OAuthClientRow } from '../../persistence/entities/oauth-client.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import type { OAuthForm } from './form-body.js';

/**
 * A request at a form-posted protocol endpoint (token, introspection, revocation) as the
 * protocol lane hands it on: node's request, plus what the lane has read and resolved.
 */
export interface ProtocolRequest extends IncomingMessage {
  body: OAuthForm;
  /** The tenant of the issuer in the path, resolved and known to be active. */
  tenant: TenantRow;
  /** The endpoint's path below the issuer, such as `/token`: what the audit trail records. */
  path: string;
  /** The caller's address. `trust proxy` is off, so this is the socket's peer. */
  ip: string | undefined;
  /** The client that authenticated, set by client authentication. */
  oauthClient?: OAuthClientRow;
  /** Where passport and oauth2orize put and find the authenticated client. */
  user?: unknown;
}

export type ProtocolNext = (error?: unknown) => void;

/** A connect-style step: passport's and oauth2orize's middleware fit, and so do our own. */
export type ProtocolStep = (
  req: ProtocolRequest,
  res: ServerResponse,
  next: ProtocolNext,
) => void | Promise<void>;

/**
 * Runs steps in order, each calling `next()` to hand on or `next(error)` to stop. `done` gets
 * the first error, a rejected step's reason, or nothing when every step handed on.
 */
export function runSteps(
  steps: readonly ProtocolStep[],
  req: ProtocolRequest,
  res: ServerResponse,
  done: ProtocolNext,
): void {
  let index = 0;
  const next: ProtocolNext = (error) => {
    if (error) return done(error);
    const step = steps[index];
    index += 1;
    if (!step) return done();
    try {
      const result = step(req, res, next);
      if (result instanceof Promise) result.catch(done);
    } catch (thrown) {
      done(thrown);
    }
  };
  next();
}
