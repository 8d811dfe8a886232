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
});
