import winston from 'winston';
import { redact } from './redact.js';
import { requestContext } from './request-context.js';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  format: 'auto' | 'json' | 'pretty';
  /** Tests pass a stream to read what was logged. */
  stream?: NodeJS.WritableStream;
}

const redactFormat = winston.format((info) => {
  const cleaned = redact({ ...info }) as winston.Logform.TransformableInfo;
  // winston keeps level and message under symbols too; copy them so formatters still see them.
  for (const symbol of Object.getOwnPropertySymbols(info)) {
    (cleaned as unknown as Record<symbol, unknown>)[symbol] = (
      info as unknown as Record<symbol, unknown>
    )[symbol];
  }
  return cleaned;
});

/** Adds the request id (and tenant, client) of the request being served, if any. */
const contextFormat = winston.format((info) => {
  const context = requestContext.getStore();
  return context ? Object.assign(info, context, { ...info }) : info;
});

const prettyLine = winston.format.printf(({ level, message, timestamp, ...rest }) => {
  const fields = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${timestamp} ${level} ${message}${fields ? ` ${fields}` : ''}`;
});

/** The one logger factory; every line passes through redaction first. */
export function createLogger(options: LoggerOptions): Logger {
  const out = options.stream ?? process.stdout;
  const pretty =
    options.format === 'pretty' ||
    (options.format === 'auto' && !options.stream && process.stdout.isTTY === true);
  const format = pretty
    ? winston.format.combine(
        contextFormat(),
        redactFormat(),
        winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
        winston.format.colorize(),
        prettyLine,
      )
    : winston.format.combine(
        contextFormat(),
        redactFormat(),
        winston.format.timestamp(),
        winston.format.json(),
      );
  return winston.createLogger({
    level: options.level,
    format,
    transports: [new winston.transports.Stream({ stream: out })],
  });
}
