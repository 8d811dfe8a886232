import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import { type RequestContext, requestContext } from '../logging/request-context.js';
import { logWhenFinished } from './middleware/access-log.js';
import { requestIdFor } from './middleware/request-id.js';
import { PROTOCOL_SECURITY_HEADERS } from './middleware/security-headers.js';
import { sendProtocolMethodNotAllowed, sendTokenError } from './oauth2/errors.js';
import { readOAuthForm } from './oauth2/form-body.js';
import { type ProtocolRequest, type ProtocolStep, runSteps } from './oauth2/protocol-request.js';
import { sendProblem } from './problem.js';
import { activeTenant } from './tenant-routes.js';

export type LaneEndpoint = 'token' | 'introspect' | 'revoke';

/** `/t/{tenant}/{endpoint}`, with or without a query string. */
const ROUTE = /^\/t\/([^/?#]+)\/(token|introspect|revoke)(?:\?.*)?$/;

/**
 * The form-posted protocol endpoints — token, introspection, revocation — served straight from
 * node's request, ahead of Express. They are the hot path (every API call of a resource server
 * or a machine client goes through one) and need nothing of Express's: no routing beyond one
 * pattern, no cookies, no templates. What Express does for every other route happens here too:
 * the request id and its log context, security headers, the access log, tenant resolution.
 *
 * Returns a function that serves the request and answers true, or answers false and leaves it
 * for Express.
 */
export function createProtocolLane(options: {
  directory: Directory;
  logger: Logger;
  endpoints: Record<LaneEndpoint, readonly ProtocolStep[]>;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { directory, logger, endpoints } = options;

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    context: RequestContext,
    segment: string,
    endpoint: LaneEndpoint,
  ): Promise<void> {
    const tenant = await activeTenant(directory, decodeSegment(segment));
    if (!tenant) {
      return sendProblem(res, DomainError.notFound('tenant.not_found', 'No such tenant.'));
    }
    context.tenant = tenant.slug;
    // RFC 6749 §3.2 and RFCs 7009/7662 allow only POST here.
    if (req.method !== 'POST') return sendProtocolMethodNotAllowed(res, ['POST']);
    const protocolRequest = Object.assign(req, {
      body: await readOAuthForm(req),
      tenant,
      path: `/${endpoint}`,
      ip: req.socket.remoteAddress,
    }) as ProtocolRequest;
    runSteps(endpoints[endpoint], protocolRequest, res, (error) =>
      sendTokenError(logger, res, error ?? new Error(`no step of /${endpoint} answered`)),
    );
  }

  return (req, res) => {
    const match = ROUTE.exec(req.url ?? '');
    if (!match) return false;
    const requestId = requestIdFor(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    // Every answer here, an unknown tenant's 404 included, concerns credentials: never cache it.
    res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of PROTOCOL_SECURITY_HEADERS) res.setHeader(name, value);
    const endpoint = match[2] as LaneEndpoint;
    logWhenFinished(logger, res, {
      requestId,
      method: req.method,
      path: `/t/${match[1]}/${endpoint}`,
    });
    const context: RequestContext = { requestId };
    requestContext.run(context, () => {
      serve(req, res, context, match[1]!, endpoint).catch((error: unknown) =>
        sendTokenError(logger, res, error),
      );
    });
    return true;
  };
}

function decodeSegment(segment: string): string {
  try {
    const slug = decodeURIComponent(segment);
    // A slug never holds NUL; asked for one, the answer is "no such tenant", not a driver error.
    return slug.includes('\u0000') ? '' : slug;
  } catch {
    return '';
  }
}
