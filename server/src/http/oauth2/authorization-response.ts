import type { Request, Response } from 'express';
import { renderPage } from '../pages/index.js';

/** RFC 6749 §4.1.2.1: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
export function safeDescription(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '').slice(0, 300);
}

/** A redirect's status: 303 after a POST so the browser does not re-post to the client. */
function redirectStatus(req: Request): number {
  return req.method === 'POST' ? 303 : 302;
}

/** Sends the browser back to a validated redirect URI with the given parameters (plus `iss`). */
export function redirectToClient(
  req: Request,
  res: Response,
  redirectUri: string,
  params: Record<string, string | null | undefined>,
): void {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  res.set('Cache-Control', 'no-store');
  res.redirect(redirectStatus(req), url.toString());
}

export interface AuthorizationErrorTarget {
  redirectUri: string;
  state: string | null;
  issuer: string;
}

/**
 * RFC 6749 §4.1.2.1 with RFC 9207: an error for a request whose redirect URI is already
 * validated goes back to the client, with `state` and `iss`.
 */
export function redirectWithError(
  req: Request,
  res: Response,
  target: AuthorizationErrorTarget,
  error: string,
  description: string,
): void {
  redirectToClient(req, res, target.redirectUri, {
    error,
    error_description: safeDescription(description),
    state: target.state,
    iss: target.issuer,
  });
}

/**
 * An error that must not go to the client — the client or its redirect URI could not be
 * validated, so redirecting would make us an open redirector. The user sees our own page; no
 * Location header is ever sent.
 */
export async function showAuthorizationError(
  req: Request,
  res: Response,
  status: number,
  messageKey: string,
): Promise<void> {
  await renderPage(req, res, 'message', { titleKey: 'authorize.error_title', messageKey }, status);
}
