import { LatchkeyNetworkError } from './errors.js';

/**
 * A `fetch` that reports an unreachable server as LatchkeyNetworkError instead of a TypeError,
 * and, given a timeout, treats a server that does not answer in time as unreachable too.
 */
export function fetchReportingNetworkErrors(inner: typeof fetch, timeoutMs?: number): typeof fetch {
  return async (input, init) => {
    const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
    try {
      return await inner(input, signal ? { ...init, signal } : init);
    } catch (error) {
      if (errorName(error) === 'AbortError') throw error;
      const url = input instanceof Request ? input.url : String(input);
      const reason = describeNetworkFailure(error, timeoutMs);
      throw new LatchkeyNetworkError(url, `cannot reach ${new URL(url).origin} (${reason})`, {
        cause: error,
      });
    }
  };
}

function describeNetworkFailure(error: unknown, timeoutMs?: number): string {
  if (errorName(error) === 'TimeoutError') return `no answer in ${timeoutMs} ms`;
  // Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED …) is in the cause.
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  // The Fetch standard refuses a list of ports (1, 25, 6000 …) before connecting, saying only
  // "bad port": name the rule, or it reads like a typo in the URL.
  if (cause?.message === 'bad port')
    return 'fetch refuses this port by the Fetch standard; use another';
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

/** By name: an abort is a DOMException, which is not `instanceof Error` in every realm. */
function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}
