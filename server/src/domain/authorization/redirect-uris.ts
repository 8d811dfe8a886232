/** A loopback redirect of a native app: IP literal only (RFC 8252 §7.3), any port. */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?([/?#].*)?$/;

/**
 * Finds the registered redirect URI a request names. The comparison is on the exact string, with
 * no normalisation of case, default ports, dot segments, trailing slashes or percent-encoding:
 * any of those would let a second spelling through. The one exception is RFC 8252 §7.3: for a
 * registered loopback IP literal, the port may differ (native apps bind an ephemeral one).
 */
export function matchRedirectUri(registered: string[], presented: string): string | null {
  if (registered.includes(presented)) return presented;
  const loopback = LOOPBACK.exec(presented);
  if (!loopback) return null;
  const [, host, port, rest = ''] = loopback;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535 || port.startsWith('0'))) {
    return null;
  }
  const withoutPort = `http://${host}${rest}`;
  return registered.includes(withoutPort) ? presented : null;
}
