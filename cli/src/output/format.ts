import Table from 'cli-table3';

/** How idctl shows one kind of object: its id, the columns of a list, the lines of one. */
export interface View<T> {
  id: (item: T) => string;
  /** What `--quiet` prints for one item when the id alone would lose something (a secret). */
  quiet?: (item: T) => string;
  columns: Array<[header: string, value: (item: T) => unknown]>;
  fields: Array<[label: string, value: (item: T) => unknown]>;
}

/**
 * Control characters (C0, DEL, C1) and bidirectional overrides. Names and other values come from
 * anyone who can sign up; printed raw, an escape sequence would drive the operator's terminal and
 * a line break would forge a line of output.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Shows an unprintable character as a visible escape: `\x1b`, `\u202e`. */
function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Arrays as comma lists, absent values as an empty cell, the rest as text with unprintable
 * characters escaped (`--json` output keeps values exact: JSON escapes them itself).
 */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(showValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return escapeUnprintable(String(value));
}

/** A plain table: no colour, so it reads the same in a terminal, a pipe and a log. */
export function formatTable<T>(items: T[], view: View<T>): string {
  const table = new Table({
    head: view.columns.map(([header]) => header),
    style: { head: [], border: [] },
  });
  for (const item of items) table.push(view.columns.map(([, value]) => showValue(value(item))));
  return table.toString();
}

/** One object as aligned `label  value` lines. */
export function formatRecord<T>(item: T, view: View<T>): string {
  const width = Math.max(...view.fields.map(([label]) => label.length));
  return view.fields
    .map(([label, value]) => `${label.padEnd(width)}  ${showValue(value(item))}`.trimEnd())
    .join('\n');
}
