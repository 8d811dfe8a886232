import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Directory } from '../../domain/directory.js';
import { claimsForScope } from '../../domain/tokens/id-tokens.js';
import type { RevocationList } from '../../domain/tokens/revocation-list.js';
import { findUserById } from '../../domain/users/users.js';
import type { Database } from '../../persistence/database.js';
import { sendProtocolMethodNotAllowed } from '../oauth2/errors.js';
import { bearerChallenge, requireBearer } from './bearer.js';

const parseForm = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });

export interface UserinfoDeps {
  db: Database;
  directory: Directory;
  revocations: RevocationList;
  publicUrl: string;
}

/** `GET|POST {issuer}/userinfo` (OIDC Core §5.3): the user's claims, by the token's scope. */
export function userinfoRoutes(deps: UserinfoDeps): Router {
  const router = Router({ mergeParams: true });
  const bearer = requireBearer(deps.directory, deps.revocations, deps.publicUrl);
  const handler = (req: Request, res: Response, next: NextFunction) =>
    void answerUserinfo(deps, req, res).catch(next);
  router.get('/userinfo', bearer, handler);
  router.post('/userinfo', parseForm, bearer, handler);
  return router;
}

/**
 * Userinfo asked with another method (`PUT`): 405 with `Allow`, and the RFC 6750 body its
 * clients read, as the token endpoint answers. Not a challenge: no token was judged.
 */
export function refuseUserinfoMethod(_req: Request, res: Response): void {
  sendProtocolMethodNotAllowed(res, ['GET', 'POST']);
}

async function answerUserinfo(deps: UserinfoDeps, req: Request, res: Response): Promise<void> {
  const claims = req.accessToken!;
  const scope = claims.scope.split(' ');
  if (!scope.includes('openid')) {
    return bearerChallenge(res, 403, 'insufficient_scope', 'The token lacks the openid scope.');
  }
  const user = await findUserById(deps.db.em(), req.tenant!.id, claims.sub);
  if (user?.status !== 'active') {
    return bearerChallenge(
      res,
      401,
      'invalid_token',
      'The access token is invalid, expired or revoked.',
    );
  }
  res.set('Cache-Control', 'no-store');
  res.json({ sub: user.id, ...claimsForScope(user, scope) });
}
