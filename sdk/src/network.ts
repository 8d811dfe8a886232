import { LatchkeyNetworkError } from './errors.js';

/** A `fetch` that reports an unreachable server as LatchkeyNetworkError instead of a TypeError. */
export function fetchReportingNetworkErrors(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await inner(input, init);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      const url = input instanceof Request ? input.url : String(input);
      throw new LatchkeyNetworkError(url, describeNetworkFailure(url, error), { cause: error });
    }
  };
}

function describeNetworkFailure(url: string, error: unknown): string {
  // Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED …) is in the cause.
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return `cannot reach ${new URL(url).origin} (${reason})`;
}
