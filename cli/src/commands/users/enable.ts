import { LatchkeyCommand } from '../../base-command.js';
import { userIdArg, userTenantFlag } from '../../inputs/user-input.js';
import { userView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class UsersEnable extends LatchkeyCommand<typeof UsersEnable> {
  static override summary = 'Enable a disabled user again.';
  static override usage = 'users enable USER_ID --tenant SLUG';
  static override examples = ['<%= config.bin %> users enable 0f8c6e1a --tenant acme'];
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
    this.showOne(await (await this.latchkey()).users.enable(tenant, userId), userView);
  }
}
