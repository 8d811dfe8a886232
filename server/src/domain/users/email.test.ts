import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { normalizeEmail } from './email.js';

describe('normalizeEmail', () => {
  it('C-EMAIL-1 case and Unicode variants of one address share one key', () => {
    const variants = [
      'quack@example.test',
      'QUACK@EXAMPLE.TEST',
      'Quack@Example.test',
      '  quack@example.test\t',
    ];

    const keys = new Set(variants.map((variant) => normalizeEmail(variant).emailKey));

    expect([...keys]).toEqual(['quack@example.test']);
  });

  it('composed and decomposed Unicode are the same address', () => {
    const composed = normalizeEmail('jos\u00e9@example.test');
    const decomposed = normalizeEmail('jose\u0301@example.test');

    expect(decomposed).toEqual(composed);
  });

  it('keeps the local part as typed and lower-cases the domain', () => {
    expect(normalizeEmail('Quack@Example.TEST').email).toBe('Quack@example.test');
  });

  it('a Unicode domain is the same address as its punycode, stored in punycode', () => {
    const unicode = normalizeEmail('jo@EXÄMPLE.com');
    const punycode = normalizeEmail('jo@xn--exmple-cua.com');

    expect(unicode).toEqual(punycode);
    expect(unicode).toEqual({
      email: 'jo@xn--exmple-cua.com',
      emailKey: 'jo@xn--exmple-cua.com',
    });
  });

  it('keeps a Unicode local part as typed: only the domain has an ASCII form', () => {
    expect(normalizeEmail('Zoë@bücher.example').email).toBe('Zoë@xn--bcher-kva.example');
  });

  it.each([
    ['an array', ['a@example.test', 'b@evil.test']],
    ['no at sign', 'quack.example.test'],
    ['two addresses', 'a@example.test,b@evil.test'],
    ['a space inside', 'qu ack@example.test'],
    ['no domain dot', 'quack@localhost'],
    ['empty local part', '@example.test'],
    ['angle brackets that a mail header reads as a display name', '<script>@example.test'],
    ['a quoted local part', '"a b"@example.test'],
    ['a domain that is not valid punycode', 'jo@xn--zz.example'],
    ['an IP address that URL rules would read in hex', 'jo@0x7f.1'],
    ['an IP address', 'jo@127.0.0.1'],
    ['an underscore in the domain', 'jo@my_host.example'],
    ['U+FFFD, bytes replaced on the way in', 'jo\ufffd@example.test'],
    [
      'an address of 314 characters, 328 in punycode',
      `jo@${'äöüéèñçåøœ'.repeat(6)}.${'b'.repeat(250)}`,
    ],
  ])('refuses %s with user.email_invalid on the email field', (_label, input) => {
    let caught: unknown;
    try {
      normalizeEmail(input);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'user.email_invalid', fields: [{ field: 'email' }] });
  });
});
