import type { NextFunction, Request, Response } from 'express';
import type { Container } from '../../container.js';
import { type LoginSession, SessionStore } from '../../domain/sessions/index.js';
import { recordEvent } from '../../events/outbox.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import { clearCookie, readCookie, sessionCookieName, setCookie } from './cookies.js';
import { rotatePreSession } from './csrf.js';

declare global {
  namespace Express {
    interface Request {
      /** The signed-in session at this request's tenant; undefined when not signed in there. */
      loginSession?: LoginSession;
    }
  }
}

/** A session is touched at most this often, so that reading pages does not write every time. */
const TOUCH_AFTER_SECONDS = 60;

/**
 * Sets `req.loginSession` from the tenant's session cookie. Runs after `resolveTenant`; a
 * session that belongs to another tenant, expired or was ended counts as none.
 */
export function loadSession(container: Container) {
  const store = new SessionStore(container.cache);
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    req.loginSession = undefined;
    const tenant = req.tenant;
    if (!tenant) return next();
    const id = readCookie(req, sessionCookieName(container.config.publicUrl, tenant.slug));
    if (!id) return next();
    try {
      let session = await store.get(id);
      if (session?.tenantId !== tenant.id) return next();
      if (Math.floor(Date.now() / 1000) - session.lastSeenAt >= TOUCH_AFTER_SECONDS) {
        session = await store.touch(id);
      }
      req.loginSession = session ?? undefined;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Signs the browser in with a brand-new session id (C-SESS-1): the old session of this tenant,
 * if any, is ended and the pre-session that carried the sign-in form is replaced.
 */
export async function startLoginSession(
  container: Container,
  req: Request,
  res: Response,
  tenant: TenantRow,
  input: { userId: string; amr: string[]; acr?: string },
): Promise<LoginSession> {
  const store = new SessionStore(container.cache);
  if (req.loginSession) await store.destroy(req.loginSession.id);
  const session = await store.create(tenant, input);
  setCookie(
    res,
    container.config.publicUrl,
    sessionCookieName(container.config.publicUrl, tenant.slug),
    session.id,
  );
  rotatePreSession(container, req, res);
  req.loginSession = session;
  return session;
}

/**
 * Signs the browser out of one tenant: ends the server-side session, clears the cookie, gives
 * the browser a fresh pre-session and records `session.ended`. Safe to call when signed out.
 */
export async function endLoginSession(
  container: Container,
  req: Request,
  res: Response,
  reason = 'logout',
): Promise<void> {
  const tenant = req.tenant;
  if (!tenant) return;
  const session = req.loginSession;
  clearCookie(
    res,
    container.config.publicUrl,
    sessionCookieName(container.config.publicUrl, tenant.slug),
  );
  rotatePreSession(container, req, res);
  req.loginSession = undefined;
  if (!session) return;
  await new SessionStore(container.cache).destroy(session.id);
  await container.db.transaction((em) =>
    recordEvent(em, {
      type: 'session.ended',
      tenant: tenant.slug,
      actor: { type: 'user', id: session.userId, ip: req.ip },
      data: { userId: session.userId, sessionHash: hashSessionId(container, session.id), reason },
    }),
  );
}

/** A stable, non-reversible reference to a session for events and logs. */
export function hashSessionId(container: Container, id: string): string {
  return container.crypto.hasher.hash(`session-ref:${id}`).slice(-16);
}
