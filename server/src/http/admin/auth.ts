import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Container } from '../../container.js';
import { DomainError } from '../../domain/errors.js';
import type { AdminScope } from '../../domain/tenants/admin-scopes.js';
import { issuerOf, SYSTEM_TENANT } from '../../domain/tenants/tenant-defaults.js';
import { verifyAccessToken } from '../../domain/tokens/access-tokens.js';
import type { EventActor } from '../../events/envelope.js';
import { sendProblem } from '../problem.js';

const REALM = 'latchkey-admin';
/** RFC 6750 §2.1 b64token. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** Who called the admin API, known once the bearer token is verified. */
export interface AdminCaller {
  clientId: string;
  scopes: Set<string>;
  actor: EventActor;
}

export function adminCaller(res: Response): AdminCaller {
  return res.locals.adminCaller as AdminCaller;
}

/**
 * RFC 6750 bearer authentication for the admin API. Only the Authorization header is read
 * (never the query or the body); the token must be an at+jwt of the `system` tenant, signed by
 * one of its published keys, for its issuer as audience, and its client must still exist in
 * the system tenant — so deleting an admin client ends its access at once. The subject must be
 * the client itself: a token issued on behalf of a user is refused.
 */
export function authenticateAdmin(container: Container): RequestHandler {
  const { directory, config } = container;
  const issuer = issuerOf(config.publicUrl, SYSTEM_TENANT);
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match?.[1]) {
      res.set('WWW-Authenticate', `Bearer realm="${REALM}"`);
      return sendProblem(res, unauthorized('auth.token_missing', 'Send a bearer access token.'));
    }
    const system = await directory.tenantBySlug(SYSTEM_TENANT);
    const keys = system ? await directory.tenantKeys(system.id) : null;
    const claims = keys
      ? await verifyAccessToken(keys, match[1], { issuer, audience: issuer }).catch(() => null)
      : null;
    // Only a client's own token (client_credentials: the subject is the client) administers;
    // a token a user obtained through some system-tenant app never does.
    const ownToken = claims && claims.sub === claims.client_id;
    const client = ownToken ? await directory.clientById(claims.client_id) : null;
    if (!claims || !client || client.tenantId !== system?.id) {
      res.set('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token"`);
      return sendProblem(res, unauthorized('auth.token_invalid', 'The access token is not valid.'));
    }
    const caller: AdminCaller = {
      clientId: claims.client_id,
      scopes: new Set(claims.scope.split(' ').filter(Boolean)),
      actor: { type: 'admin', id: claims.client_id, ip: req.ip },
    };
    res.locals.adminCaller = caller;
    next();
  };
}

/** RFC 6750 §3.1: a valid token without the scope an operation needs is 403. */
export function requireScope(scope: AdminScope): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (adminCaller(res).scopes.has(scope)) return next();
    res.set(
      'WWW-Authenticate',
      `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`,
    );
    sendProblem(
      res,
      new DomainError('forbidden', 'auth.insufficient_scope', `This needs the scope ${scope}.`),
    );
  };
}

function unauthorized(code: string, message: string): DomainError {
  return new DomainError('unauthorized', code, message);
}
