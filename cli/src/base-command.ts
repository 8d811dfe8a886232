import { stripVTControlCharacters } from 'node:util';
import { Command, Flags, type Interfaces } from '@oclif/core';
import { LatchkeyClient, type Page } from '../../sdk/src/index.js';
import { describeFailure, exitCodeFor, UsageError } from './exit-codes.js';
import { formatRecord, formatTable, type View } from './output/format.js';
import {
  isServerUrl,
  profilesPath,
  readProfiles,
  resolveConnection,
  SERVER_URL_EXPECTED,
} from './profiles.js';

/** A server that has not answered in this long counts as unreachable (exit 3). */
export const REQUEST_TIMEOUT_MS = 30_000;

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof LatchkeyCommand)['baseFlags'] & T['flags']
>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * What every idctl command shares: the global flags, connecting through the SDK, printing a
 * result as JSON, ids, a table or key/value lines, and turning failures into exit codes.
 */
export abstract class LatchkeyCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    json: Flags.boolean({
      description: 'Print the result as one JSON document on stdout, and nothing else there.',
      helpGroup: 'GLOBAL',
    }),
    quiet: Flags.boolean({
      char: 'q',
      description: 'Print only ids, one a line (a new client secret follows its id).',
      helpGroup: 'GLOBAL',
    }),
    profile: Flags.string({
      description: 'Profile saved by `idctl login` [default: LATCHKEY_PROFILE or "default"].',
      helpGroup: 'GLOBAL',
    }),
    url: Flags.string({
      description: 'Server URL; beats LATCHKEY_URL and the profile.',
      helpGroup: 'GLOBAL',
      // Thrown here, it becomes a usage error naming --url (see init).
      parse: async (input) => {
        if (!isServerUrl(input)) throw new Error(`${SERVER_URL_EXPECTED}, got "${input}"`);
        return input;
      },
    }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;

  override async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as typeof LatchkeyCommand;
    // Whatever oclif cannot parse (an unknown flag, a bad value, an extra argument) is a usage
    // error: one line naming the fault and the usage line, not the whole help.
    const parsed = await this.parse({
      args: ctor.args,
      baseFlags: ctor.baseFlags,
      flags: ctor.flags,
      strict: ctor.strict,
    }).catch((error: unknown) => {
      throw new UsageError(describeParseFailure(error), this.usageLine());
    });
    this.flags = parsed.flags as CommandFlags<T>;
    this.args = parsed.args as CommandArgs<T>;
  }

  /** `idctl <topic> <verb> …`: the command's `usage`, shown in its help and in usage errors. */
  protected usageLine(): string {
    const { usage } = this.ctor;
    return `${this.config.bin} ${(Array.isArray(usage) ? usage[0] : usage) ?? this.id}`;
  }

  /** The SDK, connected as the flags, the environment and the saved profile say. */
  protected async latchkey(): Promise<LatchkeyClient> {
    const profiles = await readProfiles(profilesPath());
    const connection = resolveConnection({
      profileName: this.flags.profile,
      url: this.flags.url,
      env: process.env,
      profiles,
    });
    return new LatchkeyClient({ ...connection, timeoutMs: REQUEST_TIMEOUT_MS });
  }

  /** Progress, hints and warnings: stderr, so stdout stays the result alone. */
  protected note(message: string): void {
    if (!this.flags.json) process.stderr.write(`${message}\n`);
  }

  protected showOne<R>(item: R, view: View<R>): void {
    if (this.flags.json) return this.printJson(item);
    if (this.flags.quiet) return this.printLines([(view.quiet ?? view.id)(item)]);
    this.printLines([formatRecord(item, view)]);
  }

  protected showPage<R>(page: Page<R>, view: View<R>): void {
    if (this.flags.json) return this.printJson(page);
    if (this.flags.quiet) return this.printLines(page.items.map(view.id));
    this.printLines([formatTable(page.items, view)]);
    if (page.nextCursor) this.note(`more: add --cursor ${page.nextCursor}`);
  }

  /** For commands whose answer is only that it worked (delete): a JSON summary or a note. */
  protected showDone(summary: Record<string, unknown>, message: string): void {
    if (this.flags.json) return this.printJson(summary);
    this.note(message);
  }

  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  private printLines(lines: string[]): void {
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }

  /**
   * Known failures print `error: <code>: <message>` on stderr and exit 1, 2 or 3. Parse errors
   * arrive here as usage errors (see init); oclif's exit requests pass through.
   */
  override async catch(error: Error & { oclif?: { exit?: number } }): Promise<unknown> {
    if (error.oclif?.exit !== undefined) return super.catch(error);
    if (isPromptCancelled(error)) {
      process.stderr.write('error: cancelled\n');
      return this.exit(1);
    }
    process.stderr.write(`${describeFailure(error).join('\n')}\n`);
    return this.exit(exitCodeFor(error));
  }
}

/**
 * oclif's parse message without its pointer to --help, a flag's value error on one line
 * (`--limit: Expected an integer but received: abc`) and no colour codes.
 */
function describeParseFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return stripVTControlCharacters(message)
    .replace(/\s*See more help with --help\s*$/, '')
    .replace(/^Parsing (--[\w-]+)\s*\n\t/, '$1: ');
}

/** @inquirer/prompts rejects with ExitPromptError when the user presses Ctrl-C. */
function isPromptCancelled(error: Error): boolean {
  return error.name === 'ExitPromptError' || error.name === 'AbortPromptError';
}
