import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import type { Container } from '../../server/src/container.js';
import { generateSecret } from '../../server/src/domain/crypto/secret-hash.js';
import { ADMIN_SCOPES } from '../../server/src/domain/tenants/admin-scopes.js';
import { insertAdminClient } from '../../server/src/domain/tenants/bootstrap-admin.js';
import { givenSystemTenant } from './fixtures.js';

/** An admin client of the system tenant with the given scopes (all by default), and its secret. */
export async function givenAdminClient(
  container: Container,
  scopes: readonly string[] = ADMIN_SCOPES,
) {
  const system = await givenSystemTenant(container);
  const credentials = {
    clientId: `admin-${randomBytes(6).toString('hex')}`,
    clientSecret: generateSecret(),
  };
  await container.db.transaction((em) =>
    insertAdminClient(em, container.crypto.hasher, system, credentials, { scopes }),
  );
  return credentials;
}

/** A bearer token from the system tenant's token endpoint, as the CLI would get one. */
export async function givenAdminToken(
  container: Container,
  app: RequestListener,
  scopes: readonly string[] = ADMIN_SCOPES,
): Promise<string> {
  const { clientId, clientSecret } = await givenAdminClient(container, scopes);
  const res = await request(app).post('/t/system/token').type('form').send({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  if (res.status !== 200) throw new Error(`admin token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}
