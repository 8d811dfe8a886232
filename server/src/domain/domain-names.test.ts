import { describe, expect, it } from '@jest/globals';
import { isHostName, toAsciiDomain } from './domain-names.js';

describe('toAsciiDomain and isHostName', () => {
  it.each([
    ['exämple.com', 'xn--exmple-cua.com'],
    ['EXÄMPLE.COM', 'xn--exmple-cua.com'],
    ['xn--exmple-cua.com', 'xn--exmple-cua.com'],
    ['  Acme.TEST ', 'acme.test'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ['ｅｘａｍｐｌｅ.com', 'example.com'],
  ])('%s is stored and compared as the host name %s', (input, ascii) => {
    expect(toAsciiDomain(input)).toBe(ascii);
    expect(isHostName(ascii)).toBe(true);
  });

  it.each([
    ['a space', 'not a domain'],
    ['a percent sign', 'exa%mple.com'],
    ['broken punycode', 'xn--zz.com'],
    ['a right-to-left override', 'exa\u202emple.com'],
    ['nothing', ''],
  ])('a domain with %s is none', (_label, input) => {
    expect(toAsciiDomain(input)).toBeNull();
  });

  it.each([
    ['an IPv4 address', '192.0.2.1'],
    ['a single label', 'localhost'],
    ['an empty label', 'acme..test'],
    ['a label ending in a dash', 'acme-.test'],
    ['an underscore', 'ac_me.test'],
    ['a trailing dot', 'acme.test.'],
    ['more than 253 characters', `${'a'.repeat(60)}.`.repeat(5).concat('test')],
  ])('%s is not a host name an email domain policy can name', (_label, ascii) => {
    expect(isHostName(ascii)).toBe(false);
  });
});
