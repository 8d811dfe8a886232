import { Flags } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { clientIdArg, tenantFlag } from '../../inputs/client-input.js';
import { clientViewFor } from '../../output/views.js';
import { confirmDestructive, requireValue } from '../../prompts.js';

export default class ClientsRotateSecret extends LatchkeyCommand<typeof ClientsRotateSecret> {
  static override summary =
    'Issue a new secret for a confidential client; the old one stops working.';
  static override usage = 'clients rotate-secret CLIENT_ID --tenant SLUG --yes';
  static override examples = [
    '<%= config.bin %> clients rotate-secret 3kq9c2 --tenant acme --yes --json',
  ];
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
      `Replace the secret of client ${clientId}? The old one stops working.`,
      this.usageLine(),
    );
    const rotated = await (await this.latchkey()).clients.rotateSecret(tenant, clientId);
    this.showOne(rotated, clientViewFor(rotated));
    this.note('Store the client secret now: it is not shown again.');
  }
}
