import { describe, expect, it } from '@jest/globals';
import { LatchkeyApiError, LatchkeyAuthError, LatchkeyNetworkError } from '../../sdk/src/index.js';
import { describeFailure, ExitCode, exitCodeFor, UsageError } from './exit-codes.js';

describe('exitCodeFor', () => {
  it.each([
    [
      'an API refusal',
      new LatchkeyApiError(404, 'tenant.not_found', 'No such tenant.'),
      ExitCode.failed,
    ],
    ['refused credentials', new LatchkeyAuthError(401, 'invalid_client', 'No.'), ExitCode.failed],
    ['a usage error', new UsageError('missing --name'), ExitCode.usage],
    [
      'an unreachable server',
      new LatchkeyNetworkError('http://x', 'cannot reach'),
      ExitCode.unreachable,
    ],
    [
      'a gateway with no server behind',
      new LatchkeyApiError(502, 'http.502', 'Bad gateway'),
      ExitCode.unreachable,
    ],
    ['anything else', new Error('boom'), ExitCode.failed],
  ])('%s -> %i', (_name, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('describeFailure', () => {
  it('API error -> "error: <code>: <message>", each field, the request id', () => {
    const error = new LatchkeyApiError(
      400,
      'client.redirect_uri_invalid',
      'Redirect URIs must be absolute.',
      [{ field: 'redirectUris.0', message: 'not absolute' }],
      'req-7',
    );

    expect(describeFailure(error)).toEqual([
      'error: client.redirect_uri_invalid: Redirect URIs must be absolute.',
      '  redirectUris.0: not absolute',
      '  request id: req-7',
    ]);
  });

  it('usage error -> the message and a usage line', () => {
    const error = new UsageError(
      'missing --name',
      'idctl clients create --tenant SLUG --name NAME',
    );
    expect(describeFailure(error)).toEqual([
      'error: missing --name',
      'usage: idctl clients create --tenant SLUG --name NAME',
    ]);
  });
});
