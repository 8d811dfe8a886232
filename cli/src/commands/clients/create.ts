import { Flags } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { clientBody, clientFlags, tenantFlag } from '../../inputs/client-input.js';
import { clientViewFor } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class ClientsCreate extends LatchkeyCommand<typeof ClientsCreate> {
  static override summary =
    'Register an OAuth client; a confidential one gets a secret, shown once.';
  static override usage =
    'clients create --tenant SLUG --name NAME [--public] [--redirect-uri URI]... [--grant-type T]... [--scope S]...';
  static override examples = [
    '<%= config.bin %> clients create --tenant acme --name "Web app" --redirect-uri https://app.acme.test/callback --scope openid --scope profile',
    '<%= config.bin %> clients create --tenant acme --name "CI deployer" --grant-type client_credentials --json',
    '<%= config.bin %> clients create --tenant acme --name "Mobile" --public --redirect-uri com.acme.app:/callback',
  ];
  static override flags = {
    ...tenantFlag,
    ...clientFlags,
    public: Flags.boolean({ description: 'A public client (no secret; PKCE required).' }),
    'first-party': Flags.boolean({
      description: 'Trusted first-party app: users are not asked to consent.',
    }),
  };

  async run(): Promise<void> {
    const tenant = await requireValue(this.flags.tenant, {
      flag: '--tenant',
      message: 'Tenant slug',
      usage: this.usageLine(),
    });
    const name = await requireValue(this.flags.name, {
      flag: '--name',
      message: 'Client name',
      usage: this.usageLine(),
    });
    const latchkey = await this.latchkey();
    const created = await latchkey.clients.create(tenant, {
      ...clientBody(this.flags),
      name,
      type: this.flags.public ? 'public' : 'confidential',
      ...(this.flags['first-party'] && { firstParty: true }),
    });
    this.showOne(created, clientViewFor(created));
    if (created.clientSecret) this.note('Store the client secret now: it is not shown again.');
  }
}
