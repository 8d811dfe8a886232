import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import { basic } from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';
import { rotateSigningKey } from '../../domain/keys/rotate-signing-key.js';

describe('discovery, JWKS and key rotation', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  const kids = async (slug: string) =>
    (
      (await request(app).get(`/t/${slug}/.well-known/jwks.json`)).body.keys as Array<{
        kid: string;
      }>
    ).map((k) => k.kid);

  it('GET /.well-known/openid-configuration -> exactly what is supported, with the tenant issuer', async () => {
    const tenant = await givenTenant(container, { signingAlg: 'RS256' });
    const issuer = `${container.config.publicUrl}/t/${tenant.slug}`;

    const res = await request(app).get(`/t/${tenant.slug}/.well-known/openid-configuration`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      end_session_endpoint: `${issuer}/logout`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(res.body.grant_types_supported).not.toContain('implicit');
  });

  it('rotateSigningKey: next is published before it signs; after activation the old key stays published', async () => {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
    });
    const deps = { db: container.db, kek: container.crypto.kek, directory: container.directory };
    const token = async () =>
      (
        await request(app)
          .post(`/t/${tenant.slug}/token`)
          .set('Authorization', basic(client.clientId, clientSecret!))
          .type('form')
          .send({ grant_type: 'client_credentials' })
      ).body.access_token as string;
    const [original] = await kids(tenant.slug);

    const published = await rotateSigningKey(deps, tenant.id);
    const afterPublish = await kids(tenant.slug);
    const signedBeforeActivation = decodeProtectedHeader(await token()).kid;
    const activated = await rotateSigningKey(deps, tenant.id);
    const afterActivate = await kids(tenant.slug);
    const signedAfter = decodeProtectedHeader(await token()).kid;

    expect(published.step).toBe('published');
    expect(afterPublish.sort()).toEqual([original, published.kid].sort());
    expect(signedBeforeActivation).toBe(original);
    expect(activated).toMatchObject({
      step: 'activated',
      kid: published.kid,
      retiredKid: original,
    });
    expect(afterActivate.sort()).toEqual([original, published.kid].sort());
    expect(signedAfter).toBe(published.kid);
  });
});
