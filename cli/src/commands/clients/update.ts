import { Flags } from '@oclif/core';
import type { OAuthClientUpdate } from '../../../../sdk/src/index.js';
import { LatchkeyCommand } from '../../base-command.js';
import { UsageError } from '../../exit-codes.js';
import { clientBody, clientFlags, clientIdArg, tenantFlag } from '../../inputs/client-input.js';
import { clientViewFor } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class ClientsUpdate extends LatchkeyCommand<typeof ClientsUpdate> {
  static override summary = "Change an OAuth client's name, URIs, grants, scopes or lifetimes.";
  static override usage =
    'clients update CLIENT_ID --tenant SLUG [--name NAME] [--redirect-uri URI]...';
  static override examples = [
    '<%= config.bin %> clients update 3kq9c2 --tenant acme --redirect-uri https://app.acme.test/callback --redirect-uri https://staging.acme.test/callback',
  ];
  static override args = clientIdArg;
  static override flags = {
    ...tenantFlag,
    ...clientFlags,
    'first-party': Flags.boolean({
      description: 'Trusted first-party app (--no-first-party to undo).',
      allowNo: true,
    }),
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
    const body: OAuthClientUpdate = clientBody(this.flags);
    if (this.flags['first-party'] !== undefined) body.firstParty = this.flags['first-party'];
    if (Object.keys(body).length === 0)
      throw new UsageError('nothing to change: pass at least one flag', this.usageLine());
    const client = await (await this.latchkey()).clients.update(tenant, clientId, body);
    this.showOne(client, clientViewFor(client));
  }
}
