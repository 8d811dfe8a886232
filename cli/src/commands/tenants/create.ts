import { LatchkeyCommand } from '../../base-command.js';
import { slugArg, tenantBody, tenantFlags } from '../../inputs/tenant-input.js';
import { tenantView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class TenantsCreate extends LatchkeyCommand<typeof TenantsCreate> {
  static override summary = 'Create a tenant, its own issuer with its own signing key.';
  static override usage =
    'tenants create SLUG [--name NAME] [--region REGION] [--allowed-domain D]...';
  static override examples = [
    '<%= config.bin %> tenants create acme --name "Acme Inc" --region eu --allowed-domain acme.test',
  ];
  static override args = slugArg;
  static override flags = tenantFlags;

  async run(): Promise<void> {
    const slug = await requireValue(this.args.slug, {
      flag: 'SLUG',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const tenant = await (await this.latchkey()).tenants.create({
      slug,
      ...tenantBody(this.flags),
    });
    this.showOne(tenant, tenantView);
    this.note(`issuer: ${tenant.issuer}`);
  }
}
