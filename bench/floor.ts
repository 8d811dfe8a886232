import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { CompactSign, generateKeyPair } from 'jose';

export const FLOOR_CLIENT = { id: 'floor-client', secret: 'floor-secret-not-checked-by-hash' };

/**
 * The least a client-credentials token can cost on node:http and jose: one route, a string
 * comparison for client authentication, no client or key lookup, no scope check, no audit
 * event, no database, and one ES256 `CompactSign` over the same RFC 9068 claims Latchkey and
 * the peer sign. It is not an OAuth server; it is the benchmark's yardstick for how far any
 * server built on this stack could go past the peer on this machine.
 */
export async function startFloor(port: number) {
  const { privateKey } = await generateKeyPair('ES256');
  const issuer = `http://127.0.0.1:${port}`;
  const expectedAuthorization = `Basic ${Buffer.from(`${FLOOR_CLIENT.id}:${FLOOR_CLIENT.secret}`).toString('base64')}`;
  const header = { alg: 'ES256', typ: 'at+jwt', kid: 'floor' };
  const encoder = new TextEncoder();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers.authorization !== expectedAuthorization) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":"invalid_client"}');
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: issuer,
        sub: FLOOR_CLIENT.id,
        aud: issuer,
        client_id: FLOOR_CLIENT.id,
        scope: 'api:read',
        iat: now,
        exp: now + 600,
        jti: randomUUID(),
      };
      new CompactSign(encoder.encode(JSON.stringify(claims)))
        .setProtectedHeader(header)
        .sign(privateKey)
        .then((token) => {
          const body = JSON.stringify({
            access_token: token,
            token_type: 'Bearer',
            expires_in: 600,
            scope: 'api:read',
          });
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(body);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `${issuer}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
