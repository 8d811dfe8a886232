import type { RequestHandler } from 'express';
import type { Container } from '../../container.js';
import { preparePreSession } from './csrf.js';
import { loadSession } from './load-session.js';
import { noStore, pageSecurityHeaders } from './security-headers.js';

/**
 * What every page a browser sees needs before its handler: the strict page headers, no caching,
 * the anonymous pre-session that CSRF tokens bind to, and the sign-in session if there is one.
 * The hosted pages and the protocol's own pages (authorize, consent, logout) share it.
 */
export function pagePipeline(container: Container): RequestHandler[] {
  return [pageSecurityHeaders, noStore, preparePreSession(container), loadSession(container)];
}
