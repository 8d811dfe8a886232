import { Flags } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { clientIdArg, tenantFlag } from '../../inputs/client-input.js';
import { confirmDestructive, requireValue } from '../../prompts.js';

export default class ClientsDelete extends LatchkeyCommand<typeof ClientsDelete> {
  static override summary = 'Delete an OAuth client; its tokens stop working.';
  static override usage = 'clients delete CLIENT_ID --tenant SLUG --yes';
  static override examples = ['<%= config.bin %> clients delete 3kq9c2 --tenant acme --yes'];
  static override args = clientIdArg;
  static override flags = {
    ...tenantFlag,
    yes: Flags.boolean({ description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<void> {
    const tenant = await requireValue(this.flags.tenant, {
      flag: '--tenant',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const clientId = await requireValue(this.args.clientId, {
      flag: 'CLIENT_ID',
      message: 'Client id',
      usage: this.usageLine(),
    });
    await confirmDestructive(
      this.flags.yes,
      `Delete client ${clientId} of tenant ${tenant}?`,
      this.usageLine(),
    );
    await (await this.latchkey()).clients.delete(tenant, clientId);
    this.showDone({ clientId, tenant, deleted: true }, `deleted client ${clientId}`);
  }
}
