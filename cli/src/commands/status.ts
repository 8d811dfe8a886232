import { getServerStatus, type ServerStatus } from '../../../sdk/src/index.js';
import { LatchkeyCommand, REQUEST_TIMEOUT_MS } from '../base-command.js';
import { NotReadyError } from '../exit-codes.js';
import { formatTable, type View } from '../output/format.js';
import { profilesPath, readProfiles, resolveServerUrl } from '../profiles.js';

interface CheckRow {
  name: string;
  kind?: string;
  status: string;
  reason?: string;
}

const checkView: View<CheckRow> = {
  id: (c) => c.name,
  columns: [
    ['DEPENDENCY', (c) => c.name],
    ['KIND', (c) => c.kind],
    ['STATUS', (c) => c.status],
    ['REASON', (c) => c.reason],
  ],
  fields: [],
};

export default class Status extends LatchkeyCommand<typeof Status> {
  static override summary = "Show the server's version and whether each dependency is ready.";
  static override usage = 'status [--url URL]';
  static override description =
    'Exits 0 when ready, 1 when the server answers but is not ready, 3 when it cannot be reached.';
  static override examples = ['<%= config.bin %> status --url http://localhost:8080 --json'];

  async run(): Promise<void> {
    // Readiness needs no credentials, so only the URL is resolved.
    const url = resolveServerUrl({
      profileName: this.flags.profile,
      url: this.flags.url,
      env: process.env,
      profiles: await readProfiles(profilesPath()),
    });
    const status = await getServerStatus(url, { timeoutMs: REQUEST_TIMEOUT_MS });

    if (this.flags.json) this.printJson(status);
    else if (this.flags.quiet) process.stdout.write(`${status.ready ? 'ready' : 'not ready'}\n`);
    else printStatus(url, status);
    if (!status.ready) throw new NotReadyError(`the server at ${url} is not ready`);
  }
}

function printStatus(url: string, status: ServerStatus): void {
  const rows = Object.entries(status.checks).map(([name, check]) => ({ name, ...check }));
  const lines = [
    `server   ${url}`,
    `version  ${status.version ?? 'unknown'}`,
    `status   ${status.ready ? 'ready' : 'not ready'}`,
    formatTable(rows, checkView),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
