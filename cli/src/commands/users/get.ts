import { LatchkeyCommand } from '../../base-command.js';
import { userIdArg, userTenantFlag } from '../../inputs/user-input.js';
import { userView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class UsersGet extends LatchkeyCommand<typeof UsersGet> {
  static override summary = 'Show one user.';
  static override usage = 'users get USER_ID --tenant SLUG';
  static override examples = ['<%= config.bin %> users get 0f8c6e1a --tenant acme --json'];
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
    this.showOne(await (await this.latchkey()).users.get(tenant, userId), userView);
  }
}
