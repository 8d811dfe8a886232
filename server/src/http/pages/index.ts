/** What other route modules (consent, logout) use from the hosted pages. */

export { translator } from '../../locales/strings.js';
export { sessionCookieName } from './cookies.js';
export { csrfField, csrfToken, preparePreSession, requireCsrf } from './csrf.js';
export { formField, readPageForm } from './form.js';
export { endLoginSession, loadSession, startLoginSession } from './load-session.js';
export { pagePipeline } from './page-pipeline.js';
export { pickLocale, renderPage } from './render.js';
export { noStore, pageSecurityHeaders } from './security-headers.js';
