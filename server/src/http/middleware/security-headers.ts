import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** helmet's defaults: what every API and protocol response carries. */
export const apiSecurityHeaders = helmet();

/**
 * The headers apiSecurityHeaders sets, recorded once: they depend on nothing in the request, so
 * the protocol lane sets them from this list instead of running helmet per request, and stays in
 * step with every other response.
 */
export function recordSecurityHeaders(): ReadonlyArray<readonly [string, string]> {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  let done = false;
  apiSecurityHeaders({} as IncomingMessage, recorder, () => {
    done = true;
  });
  if (!done || headers.length === 0)
    throw new Error('helmet did not set its headers synchronously');
  return headers;
}
