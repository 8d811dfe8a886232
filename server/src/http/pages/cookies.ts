import type { CookieOptions, Request, Response } from 'express';

/** Over https every cookie is `__Host-`: Secure, Path=/, no Domain, so no subdomain can plant it. */
function isSecure(publicUrl: string): boolean {
  return publicUrl.startsWith('https://');
}

function prefixed(publicUrl: string, name: string): string {
  return isSecure(publicUrl) ? `__Host-${name}` : name;
}

/** One session cookie per tenant, so a session of tenant A is never even sent as tenant B's. */
export function sessionCookieName(publicUrl: string, tenantSlug: string): string {
  return prefixed(publicUrl, `lk_session_${tenantSlug}`);
}

/** The anonymous pre-session that CSRF tokens are bound to; it carries no identity. */
export function preSessionCookieName(publicUrl: string): string {
  return prefixed(publicUrl, 'lk_pre');
}

export function cookieOptions(publicUrl: string): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: isSecure(publicUrl), path: '/' };
}

/** Reads one cookie from the header without trusting any earlier parser to have run. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function setCookie(res: Response, publicUrl: string, name: string, value: string): void {
  res.cookie(name, value, cookieOptions(publicUrl));
}

export function clearCookie(res: Response, publicUrl: string, name: string): void {
  res.clearCookie(name, cookieOptions(publicUrl));
}
