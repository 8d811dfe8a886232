import type { IncomingMessage } from 'node:http';
import { tokenError } from './errors.js';

/** An OAuth request's parameters; a parameter appears at most once. */
export type OAuthForm = Record<string, string>;

const LIMIT_BYTES = 16 * 1024;
const MAX_PARAMETERS = 50;

/**
 * Reads an `application/x-www-form-urlencoded` OAuth request body from node's own request, so
 * the protocol lane needs no Express. Refuses repeated parameters: RFC 6749 §3.1 says a
 * parameter must not be included more than once, and a second value is a classic way to make two
 * components read different values.
 */
export async function readOAuthForm(req: IncomingMessage): Promise<OAuthForm> {
  if (!isUtf8Form(req.headers['content-type'])) {
    throw tokenError(
      'invalid_request',
      'The body must be application/x-www-form-urlencoded (UTF-8).',
    );
  }
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw tokenError('invalid_request', 'The body must not be compressed.');
  }
  const form: OAuthForm = Object.create(null);
  let count = 0;
  for (const [key, value] of new URLSearchParams(await readText(req))) {
    count += 1;
    if (count > MAX_PARAMETERS) {
      throw tokenError('invalid_request', `The body has more than ${MAX_PARAMETERS} parameters.`);
    }
    if (key.includes('\u0000') || value.includes('\u0000')) {
      throw tokenError(
        'invalid_request',
        `The parameter ${key.replaceAll('\u0000', '').slice(0, 40)} must not contain the NUL character.`,
      );
    }
    if (key in form) {
      throw tokenError(
        'invalid_request',
        `The parameter ${key.slice(0, 40)} was sent more than once.`,
      );
    }
    form[key] = value;
  }
  return form;
}

/** `application/x-www-form-urlencoded`, with no charset or with UTF-8 (the only one we read). */
function isUtf8Form(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...parameters] = header.split(';');
  if (type!.trim().toLowerCase() !== 'application/x-www-form-urlencoded') return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=').map((part) => part.trim().toLowerCase());
    return name !== 'charset' || value === 'utf-8' || value === '"utf-8"';
  });
}

const tooLarge = () =>
  tokenError('invalid_request', `The body is larger than ${LIMIT_BYTES} bytes.`);

function readText(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length']) > LIMIT_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= LIMIT_BYTES) return void chunks.push(chunk);
      // Stop keeping the rest; node discards what is still coming once the answer is sent.
      req.off('data', onData);
      req.resume();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', () =>
      reject(tokenError('invalid_request', 'The request body could not be read.')),
    );
  });
}
