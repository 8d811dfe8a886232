/**
 * Log redaction, on by default: any field whose name looks like it carries a credential is
 * replaced before the line is written, however deep it sits. Callers log ids and hashes, but a
 * slip (logging a whole request body) must still not leak a password or a token.
 */
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|^code$|code_verifier|verifier|otp|assertion|private|^key$|credential|session/i;

export const REDACTED = '[redacted]';

export function redact(value: unknown, depth = 0): unknown {
  // Free text anywhere (an error's reason, a header copied into a field) can carry a credential.
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const message = withoutStatement(value.message);
    const stack = value.stack?.replace(value.message, message);
    return redact({ name: value.name, message, stack }, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}

/** Bearer and basic credentials, JWT-shaped strings and URL passwords inside free text. */
export function redactText(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, REDACTED)
    .replace(/(\/\/[^:/\s@]+:)[^@/\s]+@/g, '$1***@');
}

/**
 * The database layer's errors start with the statement they ran, values inlined: a user's row
 * with its email and password hash, a client's with its secret hash. The log keeps only what the
 * database said (after the last ` - `), never the statement.
 */
function withoutStatement(message: string): string {
  if (!/^\s*(insert|update|delete|select|with)\b/i.test(message)) return message;
  const cut = message.lastIndexOf(' - ');
  return `[statement redacted]${cut >= 0 ? message.slice(cut) : ''}`;
}
