import { Command, Flags, type Interfaces } from '@oclif/core';
import { LatchkeyClient, type Page } from '../../sdk/src/index.js';
import { describeFailure, exitCodeFor } from './exit-codes.js';
import { formatRecord, formatTable, type View } from './output/format.js';
import { profilesPath, readProfiles, resolveConnection } from './profiles.js';

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
    }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;

  override async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as typeof LatchkeyCommand;
    const { args, flags } = await this.parse({
      args: ctor.args,
      baseFlags: ctor.baseFlags,
      flags: ctor.flags,
      strict: ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
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
   * Known failures print `error: <code>: <message>` on stderr and exit 1, 2 or 3. oclif's own
   * errors (unknown flag, missing argument) keep its message and its exit code 2.
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

/** @inquirer/prompts rejects with ExitPromptError when the user presses Ctrl-C. */
function isPromptCancelled(error: Error): boolean {
  return error.name === 'ExitPromptError' || error.name === 'AbortPromptError';
}
