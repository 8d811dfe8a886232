import { Flags } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { pageFlags } from '../../inputs/page-input.js';
import { userTenantFlag } from '../../inputs/user-input.js';
import { userView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class UsersList extends LatchkeyCommand<typeof UsersList> {
  static override summary = "List a tenant's users, a page at a time, optionally by email.";
  static override usage = 'users list --tenant SLUG [--email EMAIL] [--limit N] [--cursor C]';
  static override examples = ['<%= config.bin %> users list --tenant acme --email ada@acme.test'];
  static override flags = {
    ...userTenantFlag,
    email: Flags.string({
      description: 'Only users whose email starts with this (case-insensitive).',
    }),
    ...pageFlags,
  };

  async run(): Promise<void> {
    const tenant = await requireValue(this.flags.tenant, {
      flag: '--tenant',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const { email, limit, cursor } = this.flags;
    this.showPage(
      await (await this.latchkey()).users.list(tenant, { email, limit, cursor }),
      userView,
    );
  }
}
