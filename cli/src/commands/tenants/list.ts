import { LatchkeyCommand } from '../../base-command.js';
import { pageFlags } from '../../inputs/page-input.js';
import { tenantView } from '../../output/views.js';

export default class TenantsList extends LatchkeyCommand<typeof TenantsList> {
  static override summary = 'List tenants, a page at a time.';
  static override usage = 'tenants list [--limit N] [--cursor C]';
  static override examples = ['<%= config.bin %> tenants list --limit 20 --json'];
  static override flags = pageFlags;

  async run(): Promise<void> {
    const { limit, cursor } = this.flags;
    const page = await (await this.latchkey()).tenants.list({ limit, cursor });
    this.showPage(page, tenantView);
  }
}
