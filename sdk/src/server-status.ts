import { LatchkeyApiError } from './errors.js';
import * as api from './generated/sdk.gen.js';
import { fetchReportingNetworkErrors } from './network.js';
import { createTransport, toApiError } from './transport.js';
import type { Readiness } from './types.js';

/** What a readiness check reports: the server's own answer plus whether everything is ready. */
export interface ServerStatus extends Readiness {
  ready: boolean;
}

export interface ServerStatusOptions {
  fetch?: typeof fetch;
  /** Give up after this long and report the server unreachable. */
  timeoutMs?: number;
}

/**
 * Asks `GET {url}/readyz`, which needs no credentials. A server that answers 503 is not an
 * error here: the result says `ready: false` and which dependency is down.
 *
 * @example
 * const { ready, version, checks } = await getServerStatus('https://id.example.com');
 */
export async function getServerStatus(
  url: string,
  options: ServerStatusOptions = {},
): Promise<ServerStatus> {
  const baseFetch = fetchReportingNetworkErrors(
    options.fetch ?? globalThis.fetch,
    options.timeoutMs,
  );
  const { data, error, response } = await api.getReadiness({
    client: createTransport(url, baseFetch),
  });
  if (error instanceof Error) throw error;
  const body = (data ?? error) as Readiness | undefined;
  const isReadiness = typeof body === 'object' && body !== null && 'checks' in body;
  if (!response || !isReadiness) {
    // Not a readiness answer: nearly always a URL with a wrong or missing path prefix.
    const failure = toApiError(response ?? new Response(null), error);
    const readyz = `${url.replace(/\/+$/, '')}/readyz`;
    throw new LatchkeyApiError(
      failure.status,
      failure.code,
      `No Latchkey readiness answer at ${readyz} (HTTP ${failure.status}): check the server URL.`,
      [],
      failure.requestId,
    );
  }
  return { ...body, ready: response.ok };
}
