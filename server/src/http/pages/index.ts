/** What other route modules (consent, logout) use from the hosted pages. */

export { sessionCookieName } from './cookies.js';
export { csrfField, csrfToken, preparePreSession, requireCsrf } from './csrf.js';
export { formField, readPageForm } from './form.js';
export { endLoginSession, loadSession, startLoginSession } from './load-session.js';
export { pickLocale, renderPage, translator } from './render.js';
export { noStore, pageSecurityHeaders } from './security-headers.js';
