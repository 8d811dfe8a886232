import { LatchkeyCommand } from '../../base-command.js';
import { slugArg } from '../../inputs/tenant-input.js';
import { tenantView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class TenantsGet extends LatchkeyCommand<typeof TenantsGet> {
  static override summary = 'Show one tenant.';
  static override usage = 'tenants get SLUG';
  static override examples = ['<%= config.bin %> tenants get acme --json'];
  static override args = slugArg;

  async run(): Promise<void> {
    const slug = await requireValue(this.args.slug, {
      flag: 'SLUG',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    this.showOne(await (await this.latchkey()).tenants.get(slug), tenantView);
  }
}
