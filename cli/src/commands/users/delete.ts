import { Flags } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { userIdArg, userTenantFlag } from '../../inputs/user-input.js';
import { confirmDestructive, requireValue } from '../../prompts.js';

export default class UsersDelete extends LatchkeyCommand<typeof UsersDelete> {
  static override summary = 'Delete a user and everything issued to them.';
  static override usage = 'users delete USER_ID --tenant SLUG --yes';
  static override examples = ['<%= config.bin %> users delete 0f8c6e1a --tenant acme --yes'];
  static override args = userIdArg;
  static override flags = {
    ...userTenantFlag,
    yes: Flags.boolean({ description: 'Do not ask for confirmation.' }),
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
    await confirmDestructive(
      this.flags.yes,
      `Delete user ${userId} of tenant ${tenant}?`,
      this.usageLine(),
    );
    await (await this.latchkey()).users.delete(tenant, userId);
    this.showDone({ id: userId, tenant, deleted: true }, `deleted user ${userId}`);
  }
}
