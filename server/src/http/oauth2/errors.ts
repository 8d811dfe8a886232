import type { ServerResponse } from 'node:http';
import oauth2orize from 'oauth2orize';
import type { Logger } from '../../logging/logger.js';
import { allowedMethods } from '../allow.js';

/** Error codes of RFC 6749 §5.2 (token endpoint) and their statuses — never oauth2orize's. */
export const TOKEN_ERROR_STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  server_error: 500,
} as const;

export type TokenErrorCode = keyof typeof TOKEN_ERROR_STATUS;

/** A token-endpoint error with the RFC's status; its description is shown to the client. */
export function tokenError(code: TokenErrorCode, description: string): oauth2orize.TokenError {
  return new oauth2orize.TokenError(description, code, undefined, TOKEN_ERROR_STATUS[code]);
}

/** A protocol endpoint's JSON answer, never cached (RFC 6749 §5.1, RFC 7662 §2.2). */
export function sendProtocolJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.end(JSON.stringify(body));
}

/**
 * A protocol endpoint asked with a method it does not serve: 405 with `Allow`, and the OAuth
 * body (`invalid_request`) its clients read.
 */
export function sendProtocolMethodNotAllowed(res: ServerResponse, methods: string[]): void {
  const allow = allowedMethods(methods);
  res.setHeader('Allow', allow.join(', '));
  const use = methods.join(' or ');
  sendProtocolJson(res, 405, { error: 'invalid_request', error_description: `Use ${use}.` });
}

/**
 * Writes RFC 6749 §5.2 error bodies: only `error` and `error_description`, `no-store`, and a
 * `WWW-Authenticate` challenge on 401. Anything unexpected is logged and becomes `server_error`.
 */
export function sendTokenError(logger: Logger, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    logger.error('protocol endpoint failed after answering', { error });
    res.end();
    return;
  }
  const oauthError = error as { code?: string; message?: string };
  const known = error instanceof oauth2orize.OAuth2Error && oauthError.code;
  const code = (known ? oauthError.code : 'server_error') as TokenErrorCode;
  const status = TOKEN_ERROR_STATUS[code] ?? 400;
  if (!known) logger.error('protocol endpoint failed', { error });
  if (status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="token", charset="UTF-8"');
  sendProtocolJson(res, status, {
    error: code,
    error_description: known
      ? describable(oauthError.message ?? '')
      : 'The server could not complete the request.',
  });
}

/** RFC 6749 §5.2: an error_description holds only %x20-21 / %x23-5B / %x5D-7E. */
const OUTSIDE_DESCRIPTION_CHARSET = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/g;
const DESCRIPTION_MAX = 200;

/**
 * A description fit for the RFC's charset: our messages quote what the client sent (a refused
 * scope, a repeated parameter), which may hold quotes, backslashes, control characters or any
 * length. Those become `?`, and a long one is cut.
 */
function describable(message: string): string {
  const clean = message.replace(OUTSIDE_DESCRIPTION_CHARSET, '?');
  return clean.length > DESCRIPTION_MAX ? `${clean.slice(0, DESCRIPTION_MAX - 3)}...` : clean;
}
