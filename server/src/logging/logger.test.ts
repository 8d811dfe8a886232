import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from './logger.js';

function captureLogger(format: 'json' | 'pretty' = 'json') {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', format, stream });
  return { logger, output: () => chunks.join('') };
}

const SECRETS = [
  'hunter2-password',
  'at-0123456789abcdef',
  'rt-secret-refresh',
  'sid=session-cookie-value',
  'basic-credential-xyz',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl',
  'dbpassw0rd',
];

describe('log redaction', () => {
  it.each(['json', 'pretty'] as const)(
    'credential fields at any depth never reach the %s output',
    (format) => {
      const { logger, output } = captureLogger(format);

      logger.info('signing in', {
        password: 'hunter2-password',
        user: { id: 'u1', accessToken: 'at-0123456789abcdef' },
        tokens: [{ refresh_token: 'rt-secret-refresh' }],
        headers: {
          Authorization: 'Basic basic-credential-xyz',
          cookie: 'sid=session-cookie-value',
        },
      });

      const text = output();
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).toContain('[redacted]');
      expect(text).toContain('u1');
    },
  );

  it('a Bearer token, a JWT or a URL password inside free text never reaches the output', () => {
    const { logger, output } = captureLogger();

    logger.warn('upstream said Authorization: Bearer at-0123456789abcdef');
    logger.warn('rejected eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl', {
      reason: 'could not reach postgresql://latchkey:dbpassw0rd@db.internal/latchkey',
    });

    const text = output();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('postgresql://latchkey:***@db.internal/latchkey');
  });

  it('an error logged with a token in its message -> message and stack are redacted', () => {
    const { logger, output } = captureLogger();

    logger.error('unhandled error', {
      error: new Error('token endpoint got Bearer at-0123456789abcdef'),
    });

    const line = JSON.parse(output().trim());
    expect(line.error.message).toBe('token endpoint got Bearer [redacted]');
    expect(JSON.stringify(line)).not.toContain('at-0123456789abcdef');
  });

  it('a database error that quotes its statement -> only what the database said is logged', () => {
    const { logger, output } = captureLogger();
    const error = new Error(
      `insert into "users" ("email", "password_hash") values ('jo@example.test', '$argon2id$v=19$m=19456,t=2,p=1$abc') - invalid message format`,
    );

    logger.error('unhandled error', { error });

    const line = JSON.parse(output().trim());
    expect(line.error.message).toBe('[statement redacted] - invalid message format');
    expect(JSON.stringify(line)).not.toContain('argon2id');
    expect(JSON.stringify(line)).not.toContain('jo@example.test');
  });
});
