import { Flags } from '@oclif/core';
import { LatchkeyClient } from '../../../sdk/src/index.js';
import { LatchkeyCommand, REQUEST_TIMEOUT_MS } from '../base-command.js';
import { UsageError } from '../exit-codes.js';
import type { View } from '../output/format.js';
import {
  DEFAULT_PROFILE,
  isServerUrl,
  profilesPath,
  SERVER_URL_EXPECTED,
  saveProfile,
} from '../profiles.js';
import { readStdin, requireValue } from '../prompts.js';

interface LoginResult {
  profile: string;
  url: string;
  clientId: string;
  path: string;
}

const loginView: View<LoginResult> = {
  id: (r) => r.profile,
  columns: [],
  fields: [
    ['profile', (r) => r.profile],
    ['url', (r) => r.url],
    ['client id', (r) => r.clientId],
    ['saved in', (r) => r.path],
  ],
};

export default class Login extends LatchkeyCommand<typeof Login> {
  static override summary = 'Check admin client credentials and save them as a profile.';
  static override usage = 'login --url URL --client-id ID --client-secret-stdin [--profile NAME]';
  static override examples = [
    'printf %s "$SECRET" | <%= config.bin %> login --url https://id.example.com --client-id admin --client-secret-stdin',
    '<%= config.bin %> login --url http://localhost:8080 --client-id admin --client-secret s3cret --profile local',
  ];
  static override flags = {
    'client-id': Flags.string({ description: 'Admin client id of the system tenant.' }),
    'client-secret': Flags.string({
      description: 'Its secret (visible in the process list: prefer --client-secret-stdin).',
      exclusive: ['client-secret-stdin'],
    }),
    'client-secret-stdin': Flags.boolean({ description: 'Read the secret from stdin.' }),
  };

  async run(): Promise<void> {
    const url = await requireValue(this.flags.url, {
      flag: '--url',
      message: 'Server URL',
      usage: this.usageLine(),
    });
    // --url itself is checked when parsed; this catches an answer typed at the prompt.
    if (!isServerUrl(url)) {
      throw new UsageError(`--url: ${SERVER_URL_EXPECTED}, got "${url}"`, this.usageLine());
    }
    const clientId = await requireValue(this.flags['client-id'], {
      flag: '--client-id',
      message: 'Admin client id',
      usage: this.usageLine(),
    });
    const clientSecret = await this.readSecret();

    this.note(`checking the credentials at ${url} …`);
    await new LatchkeyClient({
      url,
      clientId,
      clientSecret,
      timeoutMs: REQUEST_TIMEOUT_MS,
    }).authenticate();

    const profile = this.flags.profile ?? DEFAULT_PROFILE;
    const path = profilesPath();
    await saveProfile(path, profile, { url, clientId, clientSecret });
    this.showOne({ profile, url, clientId, path }, loginView);
  }

  private async readSecret(): Promise<string> {
    if (this.flags['client-secret-stdin']) {
      const secret = await readStdin();
      if (!secret)
        throw new UsageError('--client-secret-stdin read nothing from stdin', this.usageLine());
      return secret;
    }
    return requireValue(this.flags['client-secret'], {
      flag: '--client-secret',
      message: 'Client secret',
      usage: this.usageLine(),
      secret: true,
    });
  }
}
