import { type SettingSpec, settings } from './schema.js';

/**
 * Renders `docs/configuration.md` from the settings schema, so the page cannot drift from the
 * code: `npm run docs:config` writes it and a test fails when the committed page differs.
 */
export function renderConfigReference(): string {
  const rows = Object.values(settings as Record<string, SettingSpec>).map((spec) => {
    const secret = spec.secret ? ' A secret: never logged or printed in full.' : '';
    return `| \`${spec.env}\` | ${defaultOf(spec)} | ${escapeCell(spec.description)}${secret} |`;
  });
  return `${[
    '# Configuration',
    '',
    '<!-- Generated from server/src/config/schema.ts by `npm run docs:config`; do not edit. -->',
    '',
    'Latchkey reads its settings from environment variables once, at start, and checks every',
    'one of them. A bad value stops the process with one line naming the variable and what it',
    'expected, for example:',
    '',
    '```',
    'latchkey: PORT="abc" is invalid: expected a whole number from 1 to 65535',
    '```',
    '',
    'With none of `DATABASE_URL`, `REDIS_URL` and `AMQP_URL` set, one process runs with',
    'embedded stand-ins (see the README). An empty variable counts as unset.',
    '',
    '| Variable | Default | Meaning |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n')}\n`;
}

function defaultOf(spec: SettingSpec): string {
  if (spec.defaultText) return escapeCell(spec.defaultText);
  const parsed = spec.schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return 'unset';
  const value = Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data);
  return `\`${value}\``;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
