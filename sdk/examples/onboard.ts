import { LatchkeyClient } from '../src/index.js';

const latchkey = new LatchkeyClient({
  url: process.env.LATCHKEY_URL!, // https://id.example.com
  clientId: process.env.LATCHKEY_CLIENT_ID!,
  clientSecret: process.env.LATCHKEY_CLIENT_SECRET!,
  scope: 'tenants:write clients:write users:write',
});

export async function onboard(slug: string, adminEmail: string) {
  const tenant = await latchkey.tenants.create({
    slug,
    displayName: `${slug} (customer)`,
    allowedDomains: [adminEmail.split('@')[1]!],
    branding: { primaryColor: '#1a73e8' },
  });

  const web = await latchkey.clients.create(slug, {
    name: 'Customer portal',
    redirectUris: [`https://${slug}.portal.example.com/callback`],
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
  });
  // Shown once: store it now, e.g. in your secret manager.
  await saveSecret(`latchkey/${slug}/portal`, web.clientSecret!);

  const admin = await latchkey.users.create(slug, { email: adminEmail, emailVerified: true });

  return { issuer: tenant.issuer, clientId: web.clientId, adminUserId: admin.id };
}

declare function saveSecret(name: string, value: string): Promise<void>;
