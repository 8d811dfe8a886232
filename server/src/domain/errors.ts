/** The kinds of failure the domain knows; the HTTP layer and the CLI map each to a status. */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'rate_limited'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the field at fault, as the caller spelled it: `redirectUris.0`. */
  field: string;
  message: string;
}

/**
 * A failure the caller can act on. `code` is stable once released (`client.redirect_uri_invalid`);
 * `message` is safe to show; nothing secret goes in either.
 */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
  }

  static invalid(code: string, message: string, field?: string): DomainError {
    return new DomainError('invalid', code, message, field ? [{ field, message }] : []);
  }

  static notFound(code: string, message: string): DomainError {
    return new DomainError('not_found', code, message);
  }

  static conflict(code: string, message: string, field?: string): DomainError {
    return new DomainError('conflict', code, message, field ? [{ field, message }] : []);
  }
}
