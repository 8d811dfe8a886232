import type { RequestListener } from 'node:http';
import request from 'supertest';
import { csrfFrom } from './hosted-pages.js';

export type EnumerableForm = 'login' | 'signup' | 'forgot' | 'resend-verification';

export interface Observation {
  status: number;
  body: string;
  headers: Record<string, string>;
  cookies: string[];
  ms: number;
}

/** Headers that differ on every response whatever the input. */
const VOLATILE = new Set(['date', 'x-request-id', 'etag', 'content-length']);

/**
 * Posts one form as a browser would (form page first, then the post with its CSRF token and the
 * same cookies) and returns what an attacker sees: status, body with the CSRF token and the
 * echoed address blanked, headers and Set-Cookie names. `ms` times the post alone.
 */
export async function observeForm(
  app: RequestListener,
  slug: string,
  form: EnumerableForm,
  email: string,
  password = 'a long passphrase',
): Promise<Observation> {
  const agent = request.agent(app);
  const page = await agent.get(`/t/${slug}/${form}`);
  const csrf = csrfFrom(page.text);
  const fields: Record<string, string> =
    form === 'login' || form === 'signup' ? { email, password } : { email };
  const started = process.hrtime.bigint();
  const res = await agent
    .post(`/t/${slug}/${form}`)
    .type('form')
    .send({ ...fields, _csrf: csrf });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (!VOLATILE.has(name) && name !== 'set-cookie') headers[name] = String(value);
  }
  const cookies = ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map(
    (cookie) => cookie.replace(/=[^;]*/, '=…'),
  );
  const body = res.text.split(csrf).join('CSRF').split(email).join('EMAIL');
  return { status: res.status, body, headers, cookies, ms };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
