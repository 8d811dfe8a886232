import { LatchkeyCommand } from '../../base-command.js';
import { tenantFlag } from '../../inputs/client-input.js';
import { pageFlags } from '../../inputs/page-input.js';
import { clientView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class ClientsList extends LatchkeyCommand<typeof ClientsList> {
  static override summary = "List a tenant's OAuth clients, a page at a time.";
  static override usage = 'clients list --tenant SLUG [--limit N] [--cursor C]';
  static override examples = ['<%= config.bin %> clients list --tenant acme --limit 20'];
  static override flags = { ...tenantFlag, ...pageFlags };

  async run(): Promise<void> {
    const tenant = await requireValue(this.flags.tenant, {
      flag: '--tenant',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const { limit, cursor } = this.flags;
    this.showPage(
      await (await this.latchkey()).clients.list(tenant, { limit, cursor }),
      clientView,
    );
  }
}
