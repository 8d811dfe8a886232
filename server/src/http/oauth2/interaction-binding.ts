import type { CookieOptions, Request, Response } from 'express';
import { INTERACTION_TTL_SECONDS } from '../../domain/authorization/interactions.js';
import type { SecretHasher } from '../../domain/crypto/secret-hash.js';
import { generateSecret } from '../../domain/crypto/secret-hash.js';
import { cookieOptions, readCookie } from '../pages/cookies.js';

/**
 * Binds a pending authorization request to the browser that made it. The interaction id travels
 * in URLs (and mails), so holding it proves nothing; a random secret in an HttpOnly cookie, whose
 * hash is stored with the interaction, does. One cookie per interaction keeps concurrent tabs
 * apart; at most MAX_BINDINGS live per tenant path, so a page that starts many requests cannot
 * push the session cookie out of the browser's jar.
 */
const PREFIX = 'lk_authz_';
const MAX_BINDINGS = 8;

/** Named by a 12-character prefix of the id: enough to tell tabs apart, not the id itself. */
function bindingCookieName(interactionId: string): string {
  return `${PREFIX}${interactionId.slice(0, 12)}`;
}

/** Scoped to the tenant's issuer path (not `/`, hence no `__Host-`); Secure over https. */
function bindingOptions(publicUrl: string, issuer: string): CookieOptions {
  return { ...cookieOptions(publicUrl), path: `${new URL(issuer).pathname}/` };
}

/** Binding cookies the browser sent, oldest first (the value starts with its issue time). */
function sentBindings(req: Request): { name: string; issuedAt: number }[] {
  const found: { name: string; issuedAt: number }[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name = '', value = ''] = part.trim().split('=');
    if (name.startsWith(PREFIX)) found.push({ name, issuedAt: Number(value.split('.')[0]) || 0 });
  }
  return found.sort((a, b) => a.issuedAt - b.issuedAt);
}

/** A new binding secret and the hash to store with the interaction. */
export function newBinding(hasher: SecretHasher): { secret: string; hash: string } {
  const secret = generateSecret();
  return { secret, hash: hasher.hash(secret) };
}

/** Sets the binding cookie for a new interaction, dropping the oldest beyond the bound. */
export function setBindingCookie(
  req: Request,
  res: Response,
  target: { publicUrl: string; issuer: string; interactionId: string; secret: string },
): void {
  const options = bindingOptions(target.publicUrl, target.issuer);
  const sent = sentBindings(req);
  for (const old of sent.slice(0, Math.max(0, sent.length - MAX_BINDINGS + 1))) {
    res.clearCookie(old.name, options);
  }
  const value = `${Math.floor(Date.now() / 1000)}.${target.secret}`;
  res.cookie(bindingCookieName(target.interactionId), value, {
    ...options,
    maxAge: INTERACTION_TTL_SECONDS * 1000,
  });
}

/** Whether this browser holds the secret of the interaction; false when either side lacks it. */
export function isBoundToBrowser(
  req: Request,
  hasher: SecretHasher,
  interactionId: string,
  bindingHash: string | undefined,
): boolean {
  const value = readCookie(req, bindingCookieName(interactionId));
  const secret = value?.slice(value.indexOf('.') + 1);
  return Boolean(secret && bindingHash && hasher.verify(secret, bindingHash));
}

/** Forgets the binding once its interaction is answered. */
export function clearBindingCookie(
  res: Response,
  target: { publicUrl: string; issuer: string; interactionId: string },
): void {
  res.clearCookie(
    bindingCookieName(target.interactionId),
    bindingOptions(target.publicUrl, target.issuer),
  );
}
