import { Flags } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { slugArg } from '../../inputs/tenant-input.js';
import { tenantView } from '../../output/views.js';
import { confirmDestructive, requireValue } from '../../prompts.js';

export default class TenantsDelete extends LatchkeyCommand<typeof TenantsDelete> {
  static override summary =
    'Delete a tenant: it stops working now and is purged after a grace period.';
  static override usage = 'tenants delete SLUG --yes';
  static override examples = ['<%= config.bin %> tenants delete acme --yes'];
  static override args = slugArg;
  static override flags = { yes: Flags.boolean({ description: 'Do not ask for confirmation.' }) };

  async run(): Promise<void> {
    const slug = await requireValue(this.args.slug, {
      flag: 'SLUG',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    await confirmDestructive(
      this.flags.yes,
      `Delete tenant ${slug}, its users and clients?`,
      this.usageLine(),
    );
    const tenant = await (await this.latchkey()).tenants.delete(slug);
    this.showOne(tenant, tenantView);
    if (tenant.purgeAfter)
      this.note(`tenant ${slug} is deleting; purged after ${tenant.purgeAfter}`);
  }
}
