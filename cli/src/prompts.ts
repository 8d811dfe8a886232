import { confirm, input, password } from '@inquirer/prompts';
import { UsageError } from './exit-codes.js';

/** Prompts are drawn on stderr so that stdout carries only the result, even under --json. */
const promptContext = { output: process.stderr };

/** idctl may ask only when a person can answer: stdin is a terminal. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY);
}

export interface Needed {
  /** The flag that supplies the value, as the user types it: `--name`. */
  flag: string;
  /** What to ask on a terminal. */
  message: string;
  /** Command line that shows how to pass it, for the refusal without a terminal. */
  usage: string;
  /** Hide what is typed. */
  secret?: boolean;
}

/** The given value, or an answer on a terminal, or a usage error naming the flag. */
export async function requireValue(value: string | undefined, needed: Needed): Promise<string> {
  if (value !== undefined && value !== '') return value;
  if (!canAsk()) {
    throw new UsageError(
      `missing ${needed.flag} (stdin is not a terminal, so idctl cannot ask)`,
      needed.usage,
    );
  }
  const ask = needed.secret ? password : input;
  const answer = await ask(
    { message: needed.message, validate: (text) => text !== '' || 'required' },
    promptContext,
  );
  return answer;
}

/**
 * Destructive commands go ahead with `--yes`; otherwise they ask on a terminal and refuse
 * without one, since a script that forgot `--yes` should not destroy anything.
 */
export async function confirmDestructive(
  yes: boolean,
  question: string,
  usage: string,
): Promise<void> {
  if (yes) return;
  if (!canAsk()) {
    throw new UsageError(
      'refusing without --yes (stdin is not a terminal, so idctl cannot ask)',
      usage,
    );
  }
  const agreed = await confirm({ message: question, default: false }, promptContext);
  if (!agreed) throw new UsageError('cancelled; nothing was changed');
}

/** Reads all of stdin, for `--client-secret-stdin` and `--password-stdin`; drops one final newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
