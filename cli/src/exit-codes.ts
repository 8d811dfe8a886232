import { LatchkeyApiError, LatchkeyAuthError, LatchkeyNetworkError } from '../../sdk/src/index.js';

/** idctl's exit codes, the same for every command (docs/cli.md). */
export const ExitCode = {
  ok: 0,
  /** The server refused or the call failed; the user can act on the message. */
  failed: 1,
  usage: 2,
  unreachable: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A missing or contradictory input, found before any request is sent. */
export class UsageError extends Error {
  override name = 'UsageError';

  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The server answers, but not with what a status check needs to call it ready. */
export class NotReadyError extends Error {
  override name = 'NotReadyError';
}

/** Gateways answer these when the server behind them is down: as unreachable as a refusal. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof LatchkeyNetworkError) return ExitCode.unreachable;
  if (error instanceof LatchkeyApiError && UNREACHABLE_STATUSES.has(error.status)) {
    return ExitCode.unreachable;
  }
  if (error instanceof LatchkeyAuthError && UNREACHABLE_STATUSES.has(error.status)) {
    return ExitCode.unreachable;
  }
  return ExitCode.failed;
}

/** The lines idctl writes to stderr for a failure: `error: <code>: <message>`, then details. */
export function describeFailure(error: unknown): string[] {
  if (error instanceof LatchkeyApiError) {
    const lines = [`error: ${error.code}: ${error.message}`];
    for (const issue of error.fields) lines.push(`  ${issue.field}: ${issue.message}`);
    if (error.requestId) lines.push(`  request id: ${error.requestId}`);
    return lines;
  }
  if (error instanceof LatchkeyAuthError) return [`error: ${error.code}: ${error.message}`];
  if (error instanceof LatchkeyNetworkError)
    return [`error: network.unreachable: ${error.message}`];
  if (error instanceof UsageError) {
    return error.usage
      ? [`error: ${error.message}`, `usage: ${error.usage}`]
      : [`error: ${error.message}`];
  }
  if (error instanceof NotReadyError) return [`error: server.not_ready: ${error.message}`];
  const message = error instanceof Error ? error.message : String(error);
  return [`error: internal: ${message}`];
}
