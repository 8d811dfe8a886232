import { Passport } from 'passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import type { SecretHasher } from '../../domain/crypto/secret-hash.js';
import type { Directory } from '../../domain/directory.js';
import type { OAuthClientRow } from '../../persistence/entities/oauth-client.js';
import { tokenError } from './errors.js';
import type { ProtocolRequest, ProtocolStep } from './protocol-request.js';

type Method = 'client_secret_basic' | 'client_secret_post' | 'none';

/** The client authentication methods every authenticated endpoint accepts (RFC 6749 §2.3). */
export const CLIENT_AUTH_METHODS: Method[] = ['client_secret_basic', 'client_secret_post', 'none'];
type Done = (error: unknown, client?: OAuthClientRow | false) => void;

export interface ClientAuthOptions {
  directory: Directory;
  hasher: SecretHasher;
  /**
   * Called on every failed authentication, with what the caller claimed to be; the 401 waits
   * for it, so an audit record it writes is durable before the response.
   */
  onFailure?: (
    req: ProtocolRequest,
    clientId: string | undefined,
    method: Method,
  ) => Promise<void> | void;
}

/** Which authentication methods a request uses; RFC 6749 §2.3 allows exactly one. */
function methodsUsed(req: ProtocolRequest): Method[] {
  const body = req.body;
  const methods: Method[] = [];
  if (/^basic /i.test(req.headers.authorization ?? '')) methods.push('client_secret_basic');
  if (body.client_secret !== undefined) methods.push('client_secret_post');
  else if (body.client_id !== undefined && methods.length === 0) methods.push('none');
  return methods;
}

/**
 * Reads `Authorization: Basic` credentials. Not passport-http's BasicStrategy: it decodes with
 * the deprecated `new Buffer()`, whose deprecation check captures a stack trace on every token
 * request — a measurable share of the hot path's CPU.
 */
function readBasicCredentials(
  header: string | undefined,
): { clientId: string; secret: string } | undefined {
  const match = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const clientId = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  if (!clientId || secret === undefined) return undefined;
  // No client id or secret holds NUL, and PostgreSQL text cannot: not these credentials.
  if (clientId.includes('\u0000') || secret.includes('\u0000')) return undefined;
  return { clientId, secret };
}

/** RFC 6749 §2.3.1: the Basic credentials are form-urlencoded before base64. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Who the caller said it was, for the audit trail: the Basic user name or the form's client_id. */
function claimedClientId(req: ProtocolRequest, method: Method): string | undefined {
  if (method !== 'client_secret_basic') return req.body.client_id;
  const encoded = (req.headers.authorization ?? '').slice(6).trim();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const index = decoded.indexOf(':');
  return index > 0 ? formDecode(decoded.slice(0, index))?.replaceAll('\u0000', '') : undefined;
}

/**
 * Authenticates the client at a protocol endpoint with passport: `client_secret_basic`,
 * `client_secret_post`, or `none` for public clients. The client must belong to the route's
 * tenant; failure is `invalid_client` (401), whatever the reason, so nothing is revealed.
 */
export function authenticateClient(options: ClientAuthOptions): ProtocolStep {
  const passport = new Passport();

  const check = async (
    req: ProtocolRequest,
    clientId: string,
    secret: string | null,
    done: Done,
  ) => {
    try {
      const client = await options.directory.clientById(clientId);
      const belongs = client && client.tenantId === req.tenant?.id;
      if (!belongs) return done(null, false);
      if (secret === null) return done(null, client.type === 'public' ? client : false);
      if (client.type !== 'confidential') return done(null, false);
      return done(null, options.hasher.verify(secret, client.secretHash) ? client : false);
    } catch (error) {
      return done(error);
    }
  };

  passport.use(
    'client_secret_basic',
    new CustomStrategy((req, done) => {
      const credentials = readBasicCredentials(req.headers.authorization);
      if (!credentials) return done(null, false);
      void check(req as unknown as ProtocolRequest, credentials.clientId, credentials.secret, done);
    }),
  );
  passport.use(
    'client_secret_post',
    new CustomStrategy((req, done) => {
      const { client_id: clientId, client_secret: secret } = req.body as Record<string, string>;
      if (!clientId || !secret) return done(null, false);
      void check(req as unknown as ProtocolRequest, clientId, secret, done);
    }),
  );
  passport.use(
    'none',
    new CustomStrategy((req, done) => {
      const { client_id: clientId } = req.body as Record<string, string>;
      if (!clientId) return done(null, false);
      void check(req as unknown as ProtocolRequest, clientId, null, done);
    }),
  );

  return (req, res, next) => {
    const methods = methodsUsed(req);
    if (methods.length > 1) {
      return next(tokenError('invalid_request', 'Use exactly one client authentication method.'));
    }
    const method = methods[0];
    if (!method) return next(tokenError('invalid_client', 'Client authentication failed.'));
    passport.authenticate(
      method,
      { session: false },
      (error: unknown, client?: OAuthClientRow | false) => {
        if (error) return next(error);
        if (!client) {
          const refuse = () => next(tokenError('invalid_client', 'Client authentication failed.'));
          return void Promise.resolve(
            options.onFailure?.(req, claimedClientId(req, method), method),
          ).then(refuse, next);
        }
        req.oauthClient = client;
        req.user = client;
        next();
      },
    )(req, res, next);
  };
}
