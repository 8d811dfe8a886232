import type { NextFunction, Request, Response } from 'express';
import type { Directory } from '../../domain/directory.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { isAccessTokenLive } from '../../domain/tokens/access-token-liveness.js';
import { type AccessTokenClaims, verifyAccessToken } from '../../domain/tokens/access-tokens.js';
import type { RevocationList } from '../../domain/tokens/revocation-list.js';

declare global {
  namespace Express {
    interface Request {
      /** The verified claims of the bearer token at a protected endpoint. */
      accessToken?: AccessTokenClaims;
    }
  }
}

/** RFC 6750 §3: the challenge names the error; the description never echoes the token. */
export function bearerChallenge(res: Response, status: number, error: string, description: string) {
  res.status(status);
  res.set('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`);
  res.set('Cache-Control', 'no-store');
  res.json({ error, error_description: description });
}

/**
 * A request with no credentials at all gets the bare challenge: RFC 6750 §3.1 says the
 * challenge then carries no error code. The body still says what is missing, for people.
 */
function askForBearerToken(res: Response): void {
  res.status(401);
  res.set('WWW-Authenticate', 'Bearer');
  res.set('Cache-Control', 'no-store');
  res.json({ error: 'invalid_request', error_description: 'An access token is required.' });
}

/**
 * The bearer token of a request: from the Authorization header (RFC 6750 §2.1) or the form body
 * of a POST (§2.2), never from the query string (§2.3 is refused: URLs end up in logs and
 * Referer headers). Using two ways at once is an error.
 */
function readBearer(req: Request): { token?: string; error?: string } {
  const query = req.query as Record<string, unknown>;
  if (query.access_token !== undefined)
    return { error: 'Send the access token in the Authorization header.' };
  const header = req.get('authorization');
  const fromHeader = header && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
  const body = req.is('application/x-www-form-urlencoded')
    ? (req.body as Record<string, unknown>)
    : {};
  const fromBody = req.method === 'POST' ? body?.access_token : undefined;
  if (fromHeader && fromBody !== undefined) return { error: 'Send the access token only once.' };
  if (fromBody !== undefined && typeof fromBody !== 'string')
    return { error: 'access_token is malformed.' };
  const token = fromHeader ?? (fromBody as string | undefined);
  return token ? { token } : {};
}

/**
 * Verifies the bearer token against this tenant's issuer and keys and the revocation list. A
 * token of another tenant, an unsigned or HMAC token, an expired or revoked one, one whose
 * client was deleted: all 401.
 */
export function requireBearer(
  directory: Directory,
  revocations: RevocationList,
  publicUrl: string,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const { token, error } = readBearer(req);
    if (!token)
      return error ? bearerChallenge(res, 401, 'invalid_request', error) : askForBearerToken(res);
    const tenant = req.tenant!;
    const keys = await directory.tenantKeys(tenant.id);
    try {
      if (!keys) throw new Error('no keys');
      const claims = await verifyAccessToken(keys, token, {
        issuer: issuerOf(publicUrl, tenant.slug),
      });
      if (!(await isAccessTokenLive({ directory, revocations }, tenant.id, claims))) {
        throw new Error('revoked, or its client deleted');
      }
      req.accessToken = claims;
    } catch {
      return bearerChallenge(
        res,
        401,
        'invalid_token',
        'The access token is invalid, expired or revoked.',
      );
    }
    next();
  };
}
