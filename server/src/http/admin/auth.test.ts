import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import request from 'supertest';
import { givenAdminClient, givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { ADMIN_SCOPES } from '../../domain/tenants/admin-scopes.js';
import { signAccessToken } from '../../domain/tokens/access-tokens.js';

describe('admin API bearer authentication', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let issuer: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    issuer = `${container.config.publicUrl}/t/system`;
    await givenAdminClient(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  const claims = () => ({ client_id: 'anyone', scope: ADMIN_SCOPES.join(' '), jti: 'j1' });
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('GET /admin/v1/tenants without a token -> 401 problem with a Bearer challenge', async () => {
    const res = await request(app).get('/admin/v1/tenants');

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('auth.token_missing');
  });

  it('GET /admin/v1/tenants with a garbage token -> 401 invalid_token', async () => {
    const res = await request(app)
      .get('/admin/v1/tenants')
      .set('Authorization', 'Bearer abc.def.ghi');

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(res.body.code).toBe('auth.token_invalid');
  });

  it('GET /admin/v1/tenants with an unsigned alg:none token -> 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { ...claims(), iss: issuer, aud: issuer, sub: 'x', iat: now, exp: now + 600 };
    const token = `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(payload)}.`;

    const res = await request(app).get('/admin/v1/tenants').set('Authorization', `Bearer ${token}`);

    expect(res.status).toBe(401);
  });

  it('GET /admin/v1/tenants with an HS256 token -> 401, whatever its key', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(issuer)
      .setSubject('x')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));

    const res = await request(app).get('/admin/v1/tenants').set('Authorization', `Bearer ${token}`);

    expect(res.status).toBe(401);
  });

  it('a valid token of another tenant, whatever its scopes -> 401', async () => {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: [...ADMIN_SCOPES],
    });
    const issued = await request(app).post(`/t/${tenant.slug}/token`).type('form').send({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: clientSecret,
    });
    expect(issued.status).toBe(200);

    const res = await request(app)
      .get('/admin/v1/tenants')
      .set('Authorization', `Bearer ${issued.body.access_token}`);

    expect(res.status).toBe(401);
  });

  it('a system-signed token for a user, or for another audience -> 401', async () => {
    const { clientId } = await givenAdminClient(container);
    const system = await container.directory.tenantBySlug('system');
    const keys = (await container.directory.tenantKeys(system!.id))!;
    const sign = (subject: string, audience: string) =>
      signAccessToken(keys, {
        issuer,
        subject,
        audience,
        clientId,
        scope: ADMIN_SCOPES.join(' '),
        ttlSeconds: 300,
      });
    const own = await sign(clientId, issuer);
    const forUser = await sign('5b0c6f3e-0000-4000-8000-000000000000', issuer);
    const elsewhere = await sign(clientId, 'https://api.example.test');

    const answers = await Promise.all(
      [own, forUser, elsewhere].map(({ token }) =>
        request(app).get('/admin/v1/tenants').set('Authorization', `Bearer ${token}`),
      ),
    );

    expect(answers.map((res) => res.status)).toEqual([200, 401, 401]);
  });

  it('a token only in the query string -> 401: tokens are read from the header alone', async () => {
    const token = await givenAdminToken(container, app);

    const res = await request(app).get('/admin/v1/tenants').query({ access_token: token });

    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.token_missing');
  });

  it('a token without the scope -> 403 auth.insufficient_scope naming the scope', async () => {
    const token = await givenAdminToken(container, app, ['tenants:read']);

    const read = await request(app)
      .get('/admin/v1/tenants')
      .set('Authorization', `Bearer ${token}`);
    const write = await request(app)
      .post('/admin/v1/tenants')
      .set('Authorization', `Bearer ${token}`)
      .send({ slug: 'never-created' });

    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('auth.insufficient_scope');
    expect(write.headers['www-authenticate']).toMatch(/scope="tenants:write"/);
    const lookup = await request(app)
      .get('/admin/v1/tenants/never-created')
      .set('Authorization', `Bearer ${token}`);
    expect(lookup.status).toBe(404);
  });

  it('a token of an admin client deleted since -> 401 at once', async () => {
    const { clientId, clientSecret } = await givenAdminClient(container);
    const issued = await request(app).post('/t/system/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const token = issued.body.access_token as string;
    const admin = await givenAdminToken(container, app);

    const deleted = await request(app)
      .delete(`/admin/v1/tenants/system/clients/${clientId}`)
      .set('Authorization', `Bearer ${admin}`);
    const res = await request(app).get('/admin/v1/tenants').set('Authorization', `Bearer ${token}`);

    expect(deleted.status).toBe(204);
    expect(res.status).toBe(401);
  });
});
