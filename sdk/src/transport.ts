import { LatchkeyApiError, type LatchkeyFieldIssue } from './errors.js';
import { type Client, createClient, createConfig } from './generated/client/index.js';
import type { TokenSource } from './token-source.js';

/**
 * A `fetch` that sends the admin bearer token and, when the API answers 401 (the token expired
 * or was revoked early), fetches a new token and tries once more.
 */
export function fetchWithAdminToken(tokens: TokenSource, inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const original = new Request(input, init);
    const send = async () => {
      const request = original.clone();
      request.headers.set('authorization', `Bearer ${await tokens.token()}`);
      return inner(request);
    };
    const response = await send();
    if (response.status !== 401) return response;
    tokens.invalidate();
    return send();
  };
}

/** The generated client, pointed at one server, with the given fetch. */
export function createTransport(url: string, fetchImpl: typeof fetch): Client {
  return createClient(createConfig({ baseUrl: url.replace(/\/+$/, ''), fetch: fetchImpl }));
}

interface GeneratedResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/**
 * Turns a generated call's `{data, error, response}` into the data or a typed error. Errors the
 * SDK raised itself (network, token) pass through untouched.
 */
export async function unwrap<T>(call: Promise<GeneratedResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (error instanceof Error) throw error;
  if (!response)
    throw new LatchkeyApiError(0, 'client.no_response', 'No response from the server.');
  if (response.ok) return data as T;
  throw toApiError(response, error);
}

/** Reads a problem document (RFC 9457) or, failing that, describes the status. */
export function toApiError(response: Response, body: unknown): LatchkeyApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const code = typeof problem.code === 'string' ? problem.code : `http.${response.status}`;
  const message =
    typeof problem.message === 'string'
      ? problem.message
      : typeof problem.title === 'string'
        ? problem.title
        : `The server answered HTTP ${response.status} ${response.statusText}.`.trim();
  const fields = Array.isArray(problem.errors) ? (problem.errors as LatchkeyFieldIssue[]) : [];
  const requestId =
    typeof problem.requestId === 'string'
      ? problem.requestId
      : (response.headers.get('x-request-id') ?? undefined);
  return new LatchkeyApiError(response.status, code, message, fields, requestId);
}
