/** One issue with one field of a request, as the admin API reports it. */
export interface LatchkeyFieldIssue {
  field: string;
  message: string;
}

/** Base of every error the SDK throws, so callers can catch them all at once. */
export class LatchkeyError extends Error {
  override name = 'LatchkeyError';
}

/**
 * The admin API answered with a problem document (RFC 9457). `code` is stable
 * (`tenant.not_found`, `client.redirect_uri_invalid`); branch on it, not on `message`.
 *
 * @example
 * try { await latchkey.tenants.get('acme'); }
 * catch (error) { if (error instanceof LatchkeyApiError && error.code === 'tenant.not_found') … }
 */
export class LatchkeyApiError extends LatchkeyError {
  override name = 'LatchkeyApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: LatchkeyFieldIssue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/**
 * The token endpoint refused the client credentials or the requested scope. `code` is the
 * RFC 6749 error (`invalid_client`, `invalid_scope`, …).
 */
export class LatchkeyAuthError extends LatchkeyError {
  override name = 'LatchkeyAuthError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server could not be reached at all: refused, reset, unresolvable, timed out. */
export class LatchkeyNetworkError extends LatchkeyError {
  override name = 'LatchkeyNetworkError';

  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
