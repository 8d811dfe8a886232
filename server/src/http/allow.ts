/**
 * The `Allow` header's list for the methods a route serves (RFC 9110 §10.2.1): upper case,
 * sorted, without repeats, and HEAD wherever GET is, as Express answers HEAD with the GET route.
 *
 * @example
 * allowedMethods(['POST', 'GET']) // ['GET', 'HEAD', 'POST']
 */
export function allowedMethods(methods: Iterable<string>): string[] {
  const upper = [...methods].map((method) => method.toUpperCase());
  const withHead = upper.includes('GET') ? [...upper, 'HEAD'] : upper;
  return [...new Set(withHead)].sort();
}
