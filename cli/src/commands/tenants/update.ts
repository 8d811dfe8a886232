import { LatchkeyCommand } from '../../base-command.js';
import { UsageError } from '../../exit-codes.js';
import { slugArg, tenantBody, tenantFlags } from '../../inputs/tenant-input.js';
import { tenantView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class TenantsUpdate extends LatchkeyCommand<typeof TenantsUpdate> {
  static override summary = "Change a tenant's name, region, allowed domains or branding.";
  static override usage =
    'tenants update SLUG [--name NAME] [--region REGION] [--allowed-domain D]...';
  static override examples = [
    '<%= config.bin %> tenants update acme --name "Acme Corp" --primary-color "#1a73e8"',
    '<%= config.bin %> tenants update acme --logo-url "" --primary-color ""',
  ];
  static override args = slugArg;
  static override flags = tenantFlags;

  async run(): Promise<void> {
    const slug = await requireValue(this.args.slug, {
      flag: 'SLUG',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const body = tenantBody(this.flags);
    if (Object.keys(body).length === 0)
      throw new UsageError('nothing to change: pass at least one flag', this.usageLine());
    this.showOne(await (await this.latchkey()).tenants.update(slug, body), tenantView);
  }
}
