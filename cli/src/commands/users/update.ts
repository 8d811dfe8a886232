import { Flags } from '@oclif/core';
import type { UserUpdate } from '../../../../sdk/src/index.js';
import { LatchkeyCommand } from '../../base-command.js';
import { UsageError } from '../../exit-codes.js';
import { userBody, userFlags, userIdArg, userTenantFlag } from '../../inputs/user-input.js';
import { userView } from '../../output/views.js';
import { readStdin, requireValue } from '../../prompts.js';

export default class UsersUpdate extends LatchkeyCommand<typeof UsersUpdate> {
  static override summary = "Change a user's email, names, locale, verification or password.";
  static override usage =
    'users update USER_ID --tenant SLUG [--email EMAIL] [--given-name NAME]...';
  static override examples = [
    '<%= config.bin %> users update 0f8c6e1a --tenant acme --given-name Ada --email-verified',
  ];
  static override args = userIdArg;
  static override flags = {
    ...userTenantFlag,
    email: Flags.string({ description: 'New email address.' }),
    'email-verified': Flags.boolean({
      description: 'Mark the email verified (--no-email-verified to undo).',
      allowNo: true,
    }),
    ...userFlags,
  };

  async run(): Promise<void> {
    const tenant = await requireValue(this.flags.tenant, {
      flag: '--tenant',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const userId = await requireValue(this.args.userId, {
      flag: 'USER_ID',
      message: 'User id',
      usage: this.usageLine(),
    });
    const body: UserUpdate = userBody(this.flags);
    if (this.flags.email !== undefined) body.email = this.flags.email;
    if (this.flags['email-verified'] !== undefined)
      body.emailVerified = this.flags['email-verified'];
    if (this.flags.password !== undefined) body.password = this.flags.password;
    if (this.flags['password-stdin']) body.password = await readStdin();
    if (Object.keys(body).length === 0)
      throw new UsageError('nothing to change: pass at least one flag', this.usageLine());
    this.showOne(await (await this.latchkey()).users.update(tenant, userId, body), userView);
  }
}
