import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../domain/errors.js';
import { sendProblem } from '../problem.js';

/**
 * JSON.parse keeps the last of two members with one name, so `{"slug":"t3","slug":"t4"}` would
 * create t4 while whoever reviewed the request read t3. The body parser's `verify` hook keeps
 * the raw text; once the parser has accepted it as JSON, the keys written in it are counted
 * against the keys the parsed value holds, and a body that wrote a key more often than it
 * kept it is refused, naming the key.
 */
const rawBodies = new WeakMap<IncomingMessage, { body: Buffer; charset: string }>();

/** For `express.json({ verify })`: remembers the raw body of this request and its charset. */
export function keepRawBody(
  req: IncomingMessage,
  _res: unknown,
  body: Buffer,
  charset: string,
): void {
  rawBodies.set(req, { body, charset });
}

/** Express, after the JSON parser: a body that repeats a key in one object is answered 400. */
export function refuseRepeatedKeys(req: Request, res: Response, next: NextFunction): void {
  const raw = rawBodies.get(req);
  rawBodies.delete(req);
  if (!raw || req.body === null || typeof req.body !== 'object') return next();
  const text = decode(raw.body, raw.charset);
  if (text === undefined) {
    // The parser read it (UTF-32 and the like); unchecked, a repeat could slip through.
    const message = 'Send the request body in UTF-8.';
    return sendProblem(
      res,
      new DomainError('unsupported_media_type', 'request.unsupported_media_type', message),
    );
  }
  const repeated = findRepeatedKey(text, req.body);
  if (repeated === undefined) return next();
  const message = `The key "${repeated}" appears twice in one object; send it once.`;
  sendProblem(
    res,
    new DomainError('invalid', 'request.invalid', message, [{ field: repeated, message }]),
  );
}

/**
 * A key some object of `text` writes more than once, or undefined. `text` must be JSON that
 * `JSON.parse` has accepted and `parsed` its value: then every string followed by a colon is a
 * member name, and a name written more often than the parsed objects hold it was repeated.
 */
export function findRepeatedKey(text: string, parsed: unknown): string | undefined {
  const kept = countKeys(parsed);
  for (const [key, written] of countWrittenKeys(text)) {
    if (written > (kept.get(key) ?? 0)) return key;
  }
  return undefined;
}

/** Member names as written in valid JSON text, decoded, with how often each is written. */
function countWrittenKeys(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let at = text.indexOf('"');
  while (at !== -1) {
    const start = at;
    at += 1;
    // Bounded, though valid JSON always closes its strings.
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at += 1;
    if (isFollowedByColon(text, at)) {
      const key = JSON.parse(text.slice(start, at)) as string;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    at = text.indexOf('"', at);
  }
  return counts;
}

/** Whether the next character after JSON whitespace is a colon. */
function isFollowedByColon(text: string, from: number): boolean {
  let at = from;
  while (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r') at++;
  return text[at] === ':';
}

/** How often each key is held by the objects of a parsed JSON value (walked without recursion). */
function countKeys(value: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object') continue;
    if (Array.isArray(item)) {
      for (const inner of item) pending.push(inner);
      continue;
    }
    for (const [key, inner] of Object.entries(item)) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      pending.push(inner);
    }
  }
  return counts;
}

/** The body as text in the charset the parser read it with; undefined when Node cannot. */
function decode(body: Buffer, charset: string): string | undefined {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return undefined;
  }
}
