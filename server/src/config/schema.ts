import { z } from 'zod';

/**
 * Every setting Latchkey reads, declared once: its variable, type, default and one sentence.
 * `docs/configuration.md` is generated from this list (`npm run docs:config`), and a test fails
 * when the committed page is stale.
 */
export interface SettingSpec<T extends z.ZodType = z.ZodType> {
  env: string;
  schema: T;
  description: string;
  /** What the docs show as the default when it is derived rather than constant. */
  defaultText?: string;
  /** True when the value must never be printed (passwords inside URLs are masked anyway). */
  secret?: boolean;
}

/** A whole number in a range; every failure reads the same, so the operator sees one message. */
function wholeNumber(min: number, max: number) {
  const expected = `a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: expected }).int(expected).min(min, expected).max(max, expected);
}

/** One of a few words; zod's own message would repeat "expected" and quote awkwardly. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

const port = wholeNumber(1, 65535);

function urlWithSchemes(schemes: string[]) {
  const expected = `a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`;
  return z.string().refine((value) => {
    try {
      return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
    } catch {
      return false;
    }
  }, expected);
}

const optionalUrl = (schemes: string[]) => urlWithSchemes(schemes).optional();

export const settings = {
  port: {
    env: 'PORT',
    schema: port.default(8080),
    description: 'TCP port the HTTP server listens on.',
  },
  host: {
    env: 'HOST',
    schema: z.string().trim().min(1, 'a host name or IP address').default('127.0.0.1'),
    description: 'Address the HTTP server binds to; use 0.0.0.0 inside a container.',
  },
  publicUrl: {
    env: 'PUBLIC_URL',
    schema: urlWithSchemes(['http', 'https']).optional(),
    defaultText: 'http://localhost:$PORT',
    description:
      'The address users and clients reach Latchkey at; issuers and mailed links are built from it, never from request headers.',
  },
  dataDir: {
    env: 'LATCHKEY_DATA_DIR',
    schema: z.string().min(1, 'a directory path').default('./data'),
    description:
      'Directory for the embedded database, mail files written without SMTP and generated credentials.',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: optionalUrl(['postgres', 'postgresql']),
    defaultText: 'embedded PGlite under $LATCHKEY_DATA_DIR/pglite',
    description:
      'PostgreSQL connection URL. Unset, an embedded PostgreSQL-compatible database runs in-process.',
    secret: true,
  },
  redisUrl: {
    env: 'REDIS_URL',
    schema: optionalUrl(['redis', 'rediss']),
    defaultText: 'in-memory cache',
    description:
      'Redis connection URL for sessions, rate limits and caches. Unset, an in-memory cache is used (one process only).',
    secret: true,
  },
  amqpUrl: {
    env: 'AMQP_URL',
    schema: optionalUrl(['amqp', 'amqps']),
    defaultText: 'in-process bus',
    description:
      'RabbitMQ connection URL for events. Unset, events still go through the outbox to an in-process bus.',
    secret: true,
  },
  namespace: {
    env: 'LATCHKEY_NAMESPACE',
    schema: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dots, dashes or underscores')
      .default('latchkey'),
    description:
      'Prefix of RabbitMQ exchange and queue names and of Redis keys, so that several installations (or test runs) can share one broker and one Redis.',
  },
  smtpUrl: {
    env: 'SMTP_URL',
    schema: optionalUrl(['smtp', 'smtps']),
    defaultText: 'mail written as .eml files under $LATCHKEY_DATA_DIR/mail',
    description: 'SMTP server that delivers verification and reset mail.',
    secret: true,
  },
  mailTransport: {
    env: 'MAIL_TRANSPORT',
    schema: oneOf(['auto', 'smtp', 'sendgrid', 'file']).default('auto'),
    description:
      'How mail leaves: smtp (SMTP_URL), sendgrid (SENDGRID_API_KEY), file (.eml files under $LATCHKEY_DATA_DIR/mail), or auto (smtp when SMTP_URL is set, else file).',
  },
  mailFrom: {
    env: 'MAIL_FROM',
    schema: z.string().trim().min(3, 'a sender such as Latchkey <no-reply@example.com>').optional(),
    defaultText: 'no-reply@ the host of PUBLIC_URL',
    description: 'Sender address of verification, reset and notice mail.',
  },
  sendgridApiKey: {
    env: 'SENDGRID_API_KEY',
    schema: z.string().min(10, 'a SendGrid API key').optional(),
    description: 'API key for MAIL_TRANSPORT=sendgrid.',
    secret: true,
  },
  loginMaxFailures: {
    env: 'LATCHKEY_LOGIN_MAX_FAILURES',
    schema: wholeNumber(1, 1000).default(5),
    description:
      'Failed sign-ins allowed per account (existing or not) before it is locked for LATCHKEY_LOGIN_LOCK_SECONDS.',
  },
  loginIpMaxFailures: {
    env: 'LATCHKEY_LOGIN_IP_MAX_FAILURES',
    schema: wholeNumber(1, 100000).default(50),
    description:
      'Failed sign-ins allowed per client IP address before that address is locked for LATCHKEY_LOGIN_LOCK_SECONDS.',
  },
  loginLockSeconds: {
    env: 'LATCHKEY_LOGIN_LOCK_SECONDS',
    schema: wholeNumber(1, 86400).default(900),
    description:
      'How long failed sign-ins are counted, and how long a lock lasts once the limit is reached.',
  },
  masterKey: {
    env: 'LATCHKEY_MASTER_KEY',
    schema: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{43}$/,
        '32 random bytes in base64url (43 characters), e.g. from `openssl rand -base64 32 | tr "+/" "-_" | tr -d =`',
      )
      .optional(),
    defaultText:
      'generated once into $LATCHKEY_DATA_DIR/master.key (development only; a warning is logged)',
    description:
      'Key-encryption key for private signing keys and other secrets at rest. Every process of one installation needs the same value.',
    secret: true,
  },
  argon2MemoryKib: {
    env: 'LATCHKEY_ARGON2_MEMORY_KIB',
    schema: z.coerce.number().int().min(8192).max(4194304).default(19456),
    description:
      'argon2id memory cost for password hashes, in KiB (default: the OWASP recommendation of 19 MiB).',
  },
  argon2TimeCost: {
    env: 'LATCHKEY_ARGON2_TIME_COST',
    schema: z.coerce.number().int().min(2).max(20).default(2),
    description:
      'argon2id iterations for password hashes (default: the OWASP recommendation of 2).',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: oneOf(['error', 'warn', 'info', 'http', 'debug']).default('info'),
    description: 'Lowest level that is logged.',
  },
  logFormat: {
    env: 'LOG_FORMAT',
    schema: oneOf(['auto', 'json', 'pretty']).default('auto'),
    description:
      'Log format: JSON lines, readable lines, or auto (readable on a terminal, JSON elsewhere).',
  },
  outboxPollMs: {
    env: 'LATCHKEY_OUTBOX_POLL_MS',
    schema: wholeNumber(10, 60000).default(250),
    description:
      'How often the outbox relay looks for unpublished events (or, when another process is relaying, whether it should take over), in milliseconds.',
  },
  consumerRetryDelaysMs: {
    env: 'LATCHKEY_CONSUMER_RETRY_DELAYS_MS',
    schema: z
      .string()
      .regex(
        /^\d+(,\d+)*$/,
        'a comma-separated list of millisecond delays, such as 1000,5000,30000',
      )
      .default('1000,5000,30000,120000')
      .transform((value) => value.split(',').map(Number)),
    description:
      'Back-off before each retry of a failed event handler; after the last, the event is parked as a dead letter.',
  },
  tenantPurgeGraceDays: {
    env: 'LATCHKEY_TENANT_PURGE_GRACE_DAYS',
    schema: wholeNumber(0, 365).default(7),
    description:
      'Days a deleted tenant waits in status `deleting` (its issuer already closed) before the worker purges it for good.',
  },
  expiredRowGraceHours: {
    env: 'LATCHKEY_EXPIRED_ROW_GRACE_HOURS',
    schema: wholeNumber(0, 8760).default(24),
    description:
      'Hours the worker keeps a row after it expired or was revoked (authorization codes, refresh tokens and their families, access-token revocation entries, verification and reset links) before deleting it; while kept, a replayed code or refresh token still counts as reuse.',
  },
  expiredRowBatchSize: {
    env: 'LATCHKEY_EXPIRED_ROW_BATCH_SIZE',
    schema: wholeNumber(10, 10000).default(500),
    description:
      'Rows one DELETE of the expired-row cleanup removes at most; each batch commits on its own, so no lock is held for long.',
  },
  bootstrapClientId: {
    env: 'LATCHKEY_BOOTSTRAP_CLIENT_ID',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9._~-]{8,64}$/, '8 to 64 URL-safe characters (letters, digits, . _ ~ -)')
      .optional(),
    defaultText:
      'unset: with no admin client yet, one is generated and written to $LATCHKEY_DATA_DIR/bootstrap-admin.json',
    description:
      'Client id of an admin client of the `system` tenant to create at start if it does not exist; set it together with LATCHKEY_BOOTSTRAP_CLIENT_SECRET.',
  },
  bootstrapClientSecret: {
    env: 'LATCHKEY_BOOTSTRAP_CLIENT_SECRET',
    schema: z
      .string()
      .min(32, 'at least 32 characters')
      .max(256, 'at most 256 characters')
      .optional(),
    description:
      'Secret of the bootstrap admin client (at least 32 characters); stored only as a keyed hash.',
    secret: true,
  },
} satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof settings;
export type Config = {
  [K in SettingName]: z.output<(typeof settings)[K]['schema']>;
} & { publicUrl: string };
