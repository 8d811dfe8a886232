import type { MailMessage } from './mail-transport.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The notices the hosted pages send, with what each needs. */
export type MailContent =
  | { kind: 'verify_email'; link: string }
  | { kind: 'reset_password'; link: string }
  | { kind: 'password_changed'; time: string }
  | { kind: 'email_changed'; time: string }
  | { kind: 'duplicate_signup'; loginLink: string; forgotLink: string };

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A mail's text: the paragraphs before its links (the last one leads to them), then the rest. */
interface Parts {
  subject: string;
  paragraphs: string[];
  action?: { label: string; href: string };
  links?: string[];
  afterLinks?: string[];
}

function partsOf(content: MailContent, t: Translate, tenant: string): Parts {
  switch (content.kind) {
    case 'verify_email':
      return {
        subject: t('mail.verify.subject', { tenant }),
        paragraphs: [t('mail.verify.body', { tenant })],
        action: { label: t('mail.verify.action'), href: content.link },
        afterLinks: [t('mail.verify.ignore')],
      };
    case 'reset_password':
      return {
        subject: t('mail.reset.subject', { tenant }),
        paragraphs: [t('mail.reset.body', { tenant })],
        action: { label: t('mail.reset.action'), href: content.link },
        afterLinks: [t('mail.reset.ignore')],
      };
    case 'password_changed':
      return {
        subject: t('mail.changed.subject', { tenant }),
        paragraphs: [
          t('mail.changed.body', { tenant, time: content.time }),
          t('mail.changed.warning'),
        ],
      };
    case 'email_changed':
      return {
        subject: t('mail.email_changed.subject', { tenant }),
        paragraphs: [
          t('mail.email_changed.body', { tenant, time: content.time }),
          t('mail.email_changed.warning', { tenant }),
        ],
      };
    case 'duplicate_signup':
      return {
        subject: t('mail.duplicate.subject', { tenant }),
        paragraphs: [t('mail.duplicate.body', { tenant }), t('mail.duplicate.hint')],
        links: [content.loginLink, content.forgotLink],
      };
  }
}

/**
 * Builds a mail with a plain-text and an HTML part. Every interpolated value (the tenant's name
 * above all, which an administrator chose) is escaped in the HTML part.
 */
export function composeMail(
  content: MailContent,
  envelope: { from: string; to: string; tenantName: string },
  t: Translate,
): MailMessage {
  const parts = partsOf(content, t, envelope.tenantName);
  const footer = t('mail.footer', { tenant: envelope.tenantName });
  const links = [...(parts.action ? [parts.action.href] : []), ...(parts.links ?? [])];
  const after = parts.afterLinks ?? [];
  const text = [...parts.paragraphs, ...links, ...after, '--', footer].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    parts.action
      ? `<p><a href="${escapeHtml(parts.action.href)}">${escapeHtml(parts.action.label)}</a></p>` +
        `<p>${escapeHtml(parts.action.href)}</p>`
      : '',
    ...(parts.links ?? []).map(
      (href) => `<p><a href="${escapeHtml(href)}">${escapeHtml(href)}</a></p>`,
    ),
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<hr><p style="color:#666">${escapeHtml(footer)}</p></body></html>`,
  ].join('\n');
  return { from: envelope.from, to: envelope.to, subject: parts.subject, text, html };
}
