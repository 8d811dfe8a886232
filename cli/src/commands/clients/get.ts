import { LatchkeyCommand } from '../../base-command.js';
import { clientIdArg, tenantFlag } from '../../inputs/client-input.js';
import { clientViewFor } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class ClientsGet extends LatchkeyCommand<typeof ClientsGet> {
  static override summary = 'Show one OAuth client (never its secret).';
  static override usage = 'clients get CLIENT_ID --tenant SLUG';
  static override examples = ['<%= config.bin %> clients get 3kq9c2 --tenant acme --json'];
  static override args = clientIdArg;
  static override flags = tenantFlag;

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
    const client = await (await this.latchkey()).clients.get(tenant, clientId);
    this.showOne(client, clientViewFor(client));
  }
}
