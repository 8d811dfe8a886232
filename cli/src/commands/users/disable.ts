import { LatchkeyCommand } from '../../base-command.js';
import { userIdArg, userTenantFlag } from '../../inputs/user-input.js';
import { userView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class UsersDisable extends LatchkeyCommand<typeof UsersDisable> {
  static override summary = 'Disable a user: sign-in and token refresh stop until enabled again.';
  static override usage = 'users disable USER_ID --tenant SLUG';
  static override examples = ['<%= config.bin %> users disable 0f8c6e1a --tenant acme'];
  static override args = userIdArg;
  static override flags = userTenantFlag;

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
    this.showOne(await (await this.latchkey()).users.disable(tenant, userId), userView);
  }
}
