import type { Request } from 'express';
import type { PendingAuthorization } from '../../domain/authorization/interactions.js';
import { S256_CHALLENGE } from '../../domain/authorization/pkce.js';
import { isResourceIndicator, resolveAudience } from '../../domain/tokens/audience.js';
import type { OAuthClientRow } from '../../persistence/entities/oauth-client.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';

const PROMPTS = ['none', 'login', 'consent'];
const MAX_PARAM = 2048;

export type AuthorizeParams = Record<string, string | undefined>;

export interface AuthorizeRefusal {
  error: string;
  description: string;
}

/**
 * The request's parameters from the query (GET) or the form (POST). A parameter sent twice is
 * refused (RFC 6749 §3.1), as is any that is not a plain string of reasonable length.
 */
export function readAuthorizeParams(req: Request): AuthorizeParams | null {
  const source = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
  const params: AuthorizeParams = {};
  for (const [name, value] of Object.entries(source ?? {})) {
    if (typeof value !== 'string' || value.length > MAX_PARAM) return null;
    // U+FFFD is what the parsers make of bytes that are not UTF-8: `state` would not come back
    // as sent, nor would a nonce or a challenge be what the client computed.
    if (value.includes('\uFFFD')) return null;
    params[name] = value;
  }
  return params;
}

const refuse = (error: string, description: string) => ({ error, description });

/**
 * Checks everything after the client and redirect URI (which the caller has validated), in the
 * order of RFC 6749 §4.1.1, RFC 7636 §4.3 and OIDC Core §3.1.2.1. A refusal here goes back to
 * the client's redirect URI.
 */
export function validateAuthorizeParams(
  params: AuthorizeParams,
  client: OAuthClientRow,
  tenant: TenantRow,
  issuer: string,
  redirectUri: string,
): PendingAuthorization | AuthorizeRefusal {
  if (params.request !== undefined)
    return refuse('request_not_supported', 'Request objects are not supported.');
  if (params.request_uri !== undefined)
    return refuse('request_uri_not_supported', 'request_uri is not supported.');
  if (params.registration !== undefined)
    return refuse('registration_not_supported', 'The registration parameter is not supported.');
  if (params.response_type === undefined) {
    return refuse('invalid_request', 'response_type is required; use response_type=code.');
  }
  if (params.response_type !== 'code') {
    return refuse('unsupported_response_type', 'Only response_type=code is supported.');
  }
  if (params.response_mode !== undefined && params.response_mode !== 'query') {
    return refuse('invalid_request', 'Only response_mode=query is supported.');
  }
  if (!client.grantTypes.includes('authorization_code')) {
    return refuse('unauthorized_client', 'This client may not use the authorization code flow.');
  }

  const scope = (params.scope ?? '').split(' ').filter(Boolean);
  const refused = scope.filter((item) => !client.scopes.includes(item));
  if (refused.length > 0)
    return refuse('invalid_scope', `The client may not ask for: ${refused.join(' ')}.`);
  if (scope.length === 0) return refuse('invalid_scope', 'scope is required.');

  const challenge = params.code_challenge;
  const method = params.code_challenge_method;
  if (method !== undefined && method !== 'S256') {
    return refuse('invalid_request', 'code_challenge_method must be S256.');
  }
  if (challenge === undefined && method !== undefined) {
    return refuse('invalid_request', 'code_challenge_method was sent without code_challenge.');
  }
  if (challenge !== undefined && (method !== 'S256' || !S256_CHALLENGE.test(challenge))) {
    return refuse(
      'invalid_request',
      'code_challenge must be an S256 challenge with code_challenge_method=S256.',
    );
  }
  if (challenge === undefined && client.type === 'public') {
    return refuse(
      'invalid_request',
      'PKCE (code_challenge with S256) is required for this client.',
    );
  }

  const prompt = (params.prompt ?? '').split(' ').filter(Boolean);
  if (prompt.some((value) => !PROMPTS.includes(value))) {
    return refuse('invalid_request', 'prompt may only hold none, login and consent.');
  }
  if (prompt.includes('none') && prompt.length > 1) {
    return refuse('invalid_request', 'prompt=none cannot be combined with other values.');
  }
  let maxAge: number | null = null;
  if (params.max_age !== undefined) {
    if (!/^\d{1,9}$/.test(params.max_age))
      return refuse('invalid_request', 'max_age must be a whole number of seconds.');
    maxAge = Number(params.max_age);
  }
  const resource = params.resource === undefined ? [] : [params.resource];
  if (resource.some((value) => !isResourceIndicator(value))) {
    return refuse('invalid_target', 'resource must be an absolute URI without a fragment.');
  }
  if (!resolveAudience(tenant, issuer, resource).ok) {
    return refuse('invalid_target', 'The resource is not known to this issuer.');
  }

  return {
    tenantId: tenant.id,
    clientId: client.clientId,
    clientName: client.name,
    redirectUri,
    scope,
    state: params.state ?? null,
    nonce: params.nonce ?? null,
    codeChallenge: challenge ?? null,
    prompt,
    maxAge,
    loginHint: params.login_hint ?? null,
    uiLocales: (params.ui_locales ?? '').split(' ').filter(Boolean),
    resource,
    createdAt: Math.floor(Date.now() / 1000),
  };
}
