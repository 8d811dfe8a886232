import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  LatchkeyApiError,
  LatchkeyAuthError,
  LatchkeyClient,
  LatchkeyNetworkError,
} from './index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A stand-in for the server, only to watch what the SDK sends and feed it answers. */
async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handler(req, res, body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
}

const tenant = {
  slug: 'acme',
  displayName: 'Acme',
  issuer: 'http://x/t/acme',
  status: 'active',
};

let running: Server | undefined;
afterEach(() => {
  running?.close();
  running = undefined;
});

/** A server that issues numbered tokens and answers GET tenant with whichever it saw. */
async function tokenServer(options: { expiresIn?: number; rejectToken?: string } = {}) {
  const issued: string[] = [];
  const seen: string[] = [];
  const { url, server } = await serve((req, res, body) => {
    if (req.url === '/t/system/token') {
      const [id, secret] = Buffer.from(req.headers.authorization!.slice(6), 'base64')
        .toString()
        .split(':');
      if (id !== 'admin' || decodeURIComponent(secret!) !== 's3cret+/=') {
        return json(res, 401, {
          error: 'invalid_client',
          error_description: 'Client authentication failed.',
        });
      }
      const token = `t${issued.length + 1}`;
      issued.push(`${token} ${new URLSearchParams(body).get('scope') ?? ''}`.trim());
      return json(res, 200, {
        access_token: token,
        token_type: 'Bearer',
        expires_in: options.expiresIn ?? 3600,
      });
    }
    const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
    seen.push(token);
    if (token === options.rejectToken)
      return json(res, 401, { code: 'auth.invalid_token', message: 'x' });
    json(res, 200, tenant);
  });
  running = server;
  return { url, issued, seen };
}

describe('LatchkeyClient tokens', () => {
  it('obtains one token by client credentials and reuses it while fresh', async () => {
    const { url, issued, seen } = await tokenServer();
    const latchkey = new LatchkeyClient({
      url,
      clientId: 'admin',
      clientSecret: 's3cret+/=',
      scope: 'tenants:read',
    });

    await latchkey.tenants.get('acme');
    await latchkey.tenants.get('acme');

    expect(issued).toEqual(['t1 tenants:read']);
    expect(seen).toEqual(['t1', 't1']);
  });

  it('fetches a new token once the cached one is about to expire', async () => {
    const { url, issued } = await tokenServer({ expiresIn: 300 });
    let now = 1_000_000;
    const latchkey = new LatchkeyClient({
      url,
      clientId: 'admin',
      clientSecret: 's3cret+/=',
      now: () => now,
    });

    await latchkey.tenants.get('acme');
    now += 280_000; // inside the last 30 s of a 300 s token
    await latchkey.tenants.get('acme');

    expect(issued).toEqual(['t1', 't2']);
  });

  it('on 401 from the API fetches a new token and retries once', async () => {
    const { url, issued, seen } = await tokenServer({ rejectToken: 't1' });
    const latchkey = new LatchkeyClient({ url, clientId: 'admin', clientSecret: 's3cret+/=' });

    const got = await latchkey.tenants.get('acme');

    expect(got.slug).toBe('acme');
    expect(issued).toEqual(['t1', 't2']);
    expect(seen).toEqual(['t1', 't2']);
  });

  it('wrong credentials -> LatchkeyAuthError invalid_client', async () => {
    const { url } = await tokenServer();
    const latchkey = new LatchkeyClient({ url, clientId: 'admin', clientSecret: 'wrong' });

    const failure = latchkey.authenticate();

    await expect(failure).rejects.toBeInstanceOf(LatchkeyAuthError);
    await expect(failure).rejects.toMatchObject({ status: 401, code: 'invalid_client' });
  });

  it('a URL with a wrong path prefix (404, no OAuth error) -> says to check the URL, not the credentials', async () => {
    const { url, server } = await serve((_req, res) => res.writeHead(404).end('Not Found'));
    running = server;
    const latchkey = new LatchkeyClient({
      url: `${url}/latchkey`,
      clientId: 'admin',
      clientSecret: 's3cret',
    });

    const failure = latchkey.authenticate();

    await expect(failure).rejects.toMatchObject({
      status: 404,
      message: `No Latchkey token endpoint at ${url}/latchkey/t/system/token (HTTP 404): check the server URL.`,
    });
  });
});

describe('LatchkeyClient errors', () => {
  it('a problem document -> LatchkeyApiError with code, fields and request id', async () => {
    const problem = {
      type: 'https://latchkey.dev/problems/client.redirect_uri_invalid',
      title: 'Bad redirect URI.',
      status: 400,
      code: 'client.redirect_uri_invalid',
      message: 'Redirect URIs must be absolute.',
      errors: [{ field: 'redirectUris.0', message: 'not absolute' }],
      requestId: 'req-1',
    };
    const { url, server } = await serve((req, res) => {
      if (req.url === '/t/system/token')
        return json(res, 200, { access_token: 'a', expires_in: 60 });
      json(res, 400, problem, 'application/problem+json');
    });
    running = server;
    const latchkey = new LatchkeyClient({ url, clientId: 'admin', clientSecret: 'x' });

    const failure = latchkey.clients.create('acme', { name: 'web', redirectUris: ['/cb'] });

    await expect(failure).rejects.toBeInstanceOf(LatchkeyApiError);
    await expect(failure).rejects.toMatchObject({
      status: 400,
      code: 'client.redirect_uri_invalid',
      message: 'Redirect URIs must be absolute.',
      fields: [{ field: 'redirectUris.0', message: 'not absolute' }],
      requestId: 'req-1',
    });
  });

  it('a closed port -> LatchkeyNetworkError', async () => {
    const { url, server } = await serve(() => undefined);
    server.close();
    await once(server, 'close');
    const latchkey = new LatchkeyClient({ url, clientId: 'admin', clientSecret: 'x' });

    const failure = latchkey.tenants.list();

    await expect(failure).rejects.toBeInstanceOf(LatchkeyNetworkError);
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a port that fetch refuses to use (:1) -> LatchkeyNetworkError naming the rule', async () => {
    const latchkey = new LatchkeyClient({
      url: 'http://127.0.0.1:1',
      clientId: 'admin',
      clientSecret: 'x',
    });

    const failure = latchkey.tenants.list();

    await expect(failure).rejects.toBeInstanceOf(LatchkeyNetworkError);
    await expect(failure).rejects.toThrow(
      'cannot reach http://127.0.0.1:1 (fetch refuses this port by the Fetch standard; use another)',
    );
  });

  it('a server that never answers, with timeoutMs -> LatchkeyNetworkError, not a hang', async () => {
    const { url, server } = await serve(() => undefined);
    running = server;
    const latchkey = new LatchkeyClient({
      url,
      clientId: 'admin',
      clientSecret: 'x',
      timeoutMs: 50,
    });

    const failure = latchkey.authenticate();

    await expect(failure).rejects.toBeInstanceOf(LatchkeyNetworkError);
    await expect(failure).rejects.toThrow(/no answer in 50 ms/);
    server.closeAllConnections();
  });

  it('status() on 503 answers ready: false with each check', async () => {
    const readiness = {
      status: 'unavailable',
      version: '0.1.0',
      checks: { cache: { kind: 'redis', status: 'down' } },
    };
    const { url, server } = await serve((_req, res) => json(res, 503, readiness));
    running = server;
    const latchkey = new LatchkeyClient({ url, clientId: '', clientSecret: '' });

    const status = await latchkey.status();

    expect(status).toEqual({ ...readiness, ready: false });
  });

  it('status() at a URL with a wrong path prefix (404 problem) -> LatchkeyApiError saying to check the URL', async () => {
    const { url, server } = await serve((_req, res) =>
      json(
        res,
        404,
        { code: 'route.not_found', message: 'No such route.' },
        'application/problem+json',
      ),
    );
    running = server;
    const latchkey = new LatchkeyClient({ url: `${url}/oops`, clientId: '', clientSecret: '' });

    const failure = latchkey.status();

    await expect(failure).rejects.toBeInstanceOf(LatchkeyApiError);
    await expect(failure).rejects.toThrow(
      `No Latchkey readiness answer at ${url}/oops/readyz (HTTP 404): check the server URL.`,
    );
  });
});
