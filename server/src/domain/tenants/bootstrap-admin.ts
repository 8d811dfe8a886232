import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { recordEvent } from '../../events/outbox.js';
import type { Logger } from '../../logging/logger.js';
import type { Database, EntityManager } from '../../persistence/database.js';
import { type OAuthClientRow, OAuthClientSchema } from '../../persistence/entities/oauth-client.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import { CLIENT_DEFAULTS } from '../clients/create-client.js';
import { generateSecret, type SecretHasher } from '../crypto/secret-hash.js';
import { ADMIN_SCOPES } from './admin-scopes.js';
import { issuerOf } from './tenant-defaults.js';

export interface AdminClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface BootstrapDeps {
  config: Pick<Config, 'bootstrapClientId' | 'bootstrapClientSecret' | 'dataDir' | 'publicUrl'>;
  db: Database;
  logger: Logger;
  crypto: { hasher: SecretHasher };
}

export interface BootstrapResult {
  /** What happened: the configured client was created, one was generated, or nothing. */
  outcome: 'created_from_config' | 'generated' | 'exists';
  clientId: string | null;
  /** Where generated credentials were written (mode 0600); only when `generated`. */
  file?: string;
}

/**
 * Inserts an admin client into the system tenant: every admin scope, client_credentials only.
 * Tests and the bootstrap use it; the secret is stored as a keyed hash and returned nowhere.
 */
export async function insertAdminClient(
  em: EntityManager,
  hasher: SecretHasher,
  system: Pick<TenantRow, 'id' | 'slug'>,
  credentials: AdminClientCredentials,
  options: { name?: string; scopes?: readonly string[] } = {},
): Promise<OAuthClientRow> {
  const now = new Date();
  const client: OAuthClientRow = {
    id: randomUUID(),
    tenantId: system.id,
    clientId: credentials.clientId,
    name: options.name ?? 'Bootstrap admin',
    type: 'confidential',
    secretHash: hasher.hash(credentials.clientSecret),
    redirectUris: [],
    postLogoutRedirectUris: [],
    grantTypes: ['client_credentials'],
    scopes: [...(options.scopes ?? ADMIN_SCOPES)],
    ...CLIENT_DEFAULTS,
    firstParty: true,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await em.insert(OAuthClientSchema, client);
  await recordEvent(em, {
    type: 'client.created',
    tenant: system.slug,
    actor: { type: 'system' },
    data: { clientId: client.clientId, type: client.type, name: client.name },
  });
  return client;
}

/**
 * Makes sure an operator can reach the admin API on a fresh installation. With
 * LATCHKEY_BOOTSTRAP_CLIENT_ID and _SECRET set, that client is created unless it exists. With
 * neither set and no client in the system tenant at all, one is generated: its credentials are
 * printed once to `stderr` (not through the logger, which would redact them) and written to
 * `<data dir>/bootstrap-admin.json` with mode 0600. Several processes starting at once create
 * one client between them (an advisory lock serialises the check and the insert).
 */
export async function ensureBootstrapAdminClient(
  deps: BootstrapDeps,
  system: Pick<TenantRow, 'id' | 'slug'>,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<BootstrapResult> {
  const configured = configuredCredentials(deps.config);
  const generated = configured
    ? null
    : { clientId: `admin_${randomBytes(9).toString('base64url')}`, clientSecret: generateSecret() };
  const wanted = configured ?? generated!;

  const created = await deps.db.transaction(async (em) => {
    await em.execute("select pg_advisory_xact_lock(hashtext('latchkey.bootstrap-admin'))");
    const existing = configured
      ? await em.findOne(OAuthClientSchema, { clientId: configured.clientId })
      : await em.findOne(OAuthClientSchema, { tenantId: system.id });
    if (existing) return null;
    return insertAdminClient(em, deps.crypto.hasher, system, wanted);
  });

  if (!created) return { outcome: 'exists', clientId: configured?.clientId ?? null };
  if (configured) {
    deps.logger.info('created the bootstrap admin client from configuration', {
      clientId: created.clientId,
    });
    return { outcome: 'created_from_config', clientId: created.clientId };
  }
  const file = await writeCredentialsFile(deps.config, wanted);
  // Standard error that is not a terminal usually ends up in a log file or a log pipeline, and
  // a secret must never reach a log: there only the file is named.
  const secretLine = (stderr as { isTTY?: boolean }).isTTY
    ? `  client secret: ${wanted.clientSecret} (shown only this once)\n`
    : `  client secret: in ${file} (mode 0600; not printed, as this output is not a terminal)\n`;
  stderr.write(
    `\nLatchkey created an admin client:\n` +
      `  client id:     ${wanted.clientId}\n${secretLine}` +
      `  token URL:     ${issuerOf(deps.config.publicUrl, system.slug)}/token\n\n`,
  );
  deps.logger.warn('generated an admin client; its credentials are in a 0600 file', { file });
  return { outcome: 'generated', clientId: wanted.clientId, file };
}

function configuredCredentials(config: BootstrapDeps['config']): AdminClientCredentials | null {
  const { bootstrapClientId: clientId, bootstrapClientSecret: clientSecret } = config;
  if (!clientId && !clientSecret) return null;
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      'set LATCHKEY_BOOTSTRAP_CLIENT_ID and LATCHKEY_BOOTSTRAP_CLIENT_SECRET together, or neither',
    );
  }
  return { clientId, clientSecret };
}

async function writeCredentialsFile(
  config: BootstrapDeps['config'],
  credentials: AdminClientCredentials,
): Promise<string> {
  await mkdir(config.dataDir, { recursive: true });
  const file = path.resolve(config.dataDir, 'bootstrap-admin.json');
  const body = {
    url: config.publicUrl,
    tokenUrl: `${issuerOf(config.publicUrl, 'system')}/token`,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    scope: ADMIN_SCOPES.join(' '),
  };
  // A file left by an earlier installation is removed first: `mode` applies only to a new file,
  // and the secret must never sit, even briefly, in a file others can read.
  await rm(file, { force: true });
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
