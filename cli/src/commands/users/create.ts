import { Flags } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { UsageError } from '../../exit-codes.js';
import { userBody, userFlags, userTenantFlag } from '../../inputs/user-input.js';
import { userView } from '../../output/views.js';
import { readStdin, requireValue } from '../../prompts.js';

export default class UsersCreate extends LatchkeyCommand<typeof UsersCreate> {
  static override summary = 'Create a user, with or without a password.';
  static override usage =
    'users create --tenant SLUG --email EMAIL [--password-stdin] [--email-verified]';
  static override examples = [
    'printf %s "$PASSWORD" | <%= config.bin %> users create --tenant acme --email ada@acme.test --password-stdin --email-verified',
    '<%= config.bin %> users create --tenant acme --email grace@acme.test --given-name Grace --family-name Hopper',
  ];
  static override flags = {
    ...userTenantFlag,
    email: Flags.string({ description: 'Email address, unique in the tenant.' }),
    'email-verified': Flags.boolean({ description: 'Mark the email as already verified.' }),
    ...userFlags,
  };

  async run(): Promise<void> {
    const tenant = await requireValue(this.flags.tenant, {
      flag: '--tenant',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const email = await requireValue(this.flags.email, {
      flag: '--email',
      message: 'Email',
      usage: this.usageLine(),
    });
    const password = await this.readPassword();
    const user = await (await this.latchkey()).users.create(tenant, {
      ...userBody(this.flags),
      email,
      ...(password !== undefined && { password }),
      ...(this.flags['email-verified'] && { emailVerified: true }),
    });
    this.showOne(user, userView);
  }

  /** A password is optional: a user without one signs in another way or resets it. */
  private async readPassword(): Promise<string | undefined> {
    if (!this.flags['password-stdin']) return this.flags.password;
    const password = await readStdin();
    if (!password)
      throw new UsageError('--password-stdin read nothing from stdin', this.usageLine());
    return password;
  }
}
