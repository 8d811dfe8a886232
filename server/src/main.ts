import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load.js';
import { createLogger } from './logging/logger.js';
import { ROLES, type Role } from './roles.js';

/**
 * Starts one role: `all` (default: api and worker in one process), `api`, `worker`, or `migrate`
 * (apply pending migrations and exit). Several api and worker processes can share one set of
 * services. A setup failure prints one line and exits non-zero.
 */
async function main(): Promise<void> {
  const role = readRole(process.argv.slice(2));
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  logger.info(`latchkey starting`, { role });

  // Only now load the rest of the server (seconds of work): a bad setting is reported at once.
  const { runRole } = await import('./run-role.js');
  await runRole(role, config, logger);
}

function readRole(args: string[]): Role {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  const role = values.role as Role;
  if (!ROLES.includes(role)) {
    throw new ConfigError(`--role=${values.role} is invalid: expected one of ${ROLES.join(', ')}`);
  }
  return role;
}

main().catch((error: unknown) => {
  // One line, no stack: these are setup failures an operator fixes from the message alone.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`latchkey: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
});
