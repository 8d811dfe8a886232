import { describe, expect, it } from '@jest/globals';
import { formatRecord, formatTable, showValue, type View } from './format.js';

interface Row {
  slug: string;
  domains: string[];
  purge: string | null;
}

const view: View<Row> = {
  id: (r) => r.slug,
  columns: [
    ['SLUG', (r) => r.slug],
    ['DOMAINS', (r) => r.domains],
  ],
  fields: [
    ['slug', (r) => r.slug],
    ['allowed domains', (r) => r.domains],
    ['purge after', (r) => r.purge],
  ],
};

describe('output format', () => {
  it('table: a header and one row per item, no colour codes', () => {
    const table = formatTable([{ slug: 'acme', domains: ['a.test', 'b.test'], purge: null }], view);

    expect(table).toContain('SLUG');
    expect(table).toMatch(/acme\s+│ a\.test, b\.test/);
    expect(table.includes('\u001b[')).toBe(false);
  });

  it('record: aligned label/value lines, empty values left blank', () => {
    const record = formatRecord({ slug: 'acme', domains: [], purge: null }, view);

    expect(record.split('\n')).toEqual(['slug             acme', 'allowed domains', 'purge after']);
  });

  it('showValue: objects as JSON, null as empty', () => {
    expect(showValue({ a: 1 })).toBe('{"a":1}');
    expect(showValue(null)).toBe('');
  });

  it('a name with terminal escapes, a line break or a bidi override -> shown escaped, never raw', () => {
    const hostile = {
      slug: 'Mal\u001b]0;pwned\u0007\u001b[2J',
      domains: ['x\r\nstatus          disabled'],
      purge: 'evil\u202etxt.exe',
    };

    const record = formatRecord(hostile, view);
    const table = formatTable([hostile], view);

    for (const output of [record, table]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: none of them may be left raw.
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      expect(output).toContain('Mal\\x1b]0;pwned\\x07\\x1b[2J');
    }
    expect(record.split('\n')).toHaveLength(3);
    expect(record).toContain('x\\x0d\\x0astatus          disabled');
    expect(record).toContain('evil\\u202etxt.exe');
  });
});
