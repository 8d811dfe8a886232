import { describe, expect, it } from '@jest/globals';
import { translator } from '../../locales/strings.js';
import { composeMail } from './compose-mail.js';

const envelope = { from: 'noreply@id.example.test', to: 'jo@example.test', tenantName: 'Acme' };
const t = translator('en');

describe('notice mails', () => {
  it('a link mail reads in order in plain text: what to do, the link, then what to do if it was not you', () => {
    const link = 'https://id.example.test/t/acme/verify?token=abc';

    const mail = composeMail({ kind: 'verify_email', link }, envelope, t);
    const paragraphs = mail.text.split('\n\n');

    expect(paragraphs[0]).toMatch(/open this link within 24 hours:$/);
    expect(paragraphs[1]).toBe(link);
    expect(paragraphs[2]).toMatch(/^If this was not you/);
    expect(mail.html.indexOf(link)).toBeLessThan(mail.html.indexOf('If this was not you'));
  });

  it('the verification mail fits an address change as well as a sign-up', () => {
    const mail = composeMail({ kind: 'verify_email', link: 'https://x.test/v' }, envelope, t);

    expect(mail.text).not.toContain('created an account');
    expect(mail.text).toContain('gave this address to an account at Acme');
  });

  it('the old address, told of a change, is not sent to reset a password it no longer can', () => {
    const mail = composeMail({ kind: 'email_changed', time: '2026-12-04 17:00 UTC' }, envelope, t);

    expect(mail.text).not.toContain('reset your password now');
    expect(mail.text).toContain('tell the administrators of Acme right away');
  });
});
