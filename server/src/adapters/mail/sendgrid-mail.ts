import type { MailMessage, MailTransport } from '../../domain/mail/mail-transport.js';

export const SENDGRID_ENDPOINT = 'https://api.sendgrid.com/v3/mail/send';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Splits `Name <address>` into SendGrid's `{ email, name }`. */
function addressOf(value: string): { email: string; name?: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!match) return { email: value.trim() };
  const name = match[1]?.replace(/^"|"$/g, '');
  return name ? { email: match[2] ?? '', name } : { email: match[2] ?? '' };
}

/** The v3 Mail Send request for one message. */
export function sendGridRequest(apiKey: string, message: MailMessage) {
  return {
    url: SENDGRID_ENDPOINT,
    init: {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        personalizations: [{ to: [addressOf(message.to)] }],
        from: addressOf(message.from),
        subject: message.subject,
        content: [
          { type: 'text/plain', value: message.text },
          { type: 'text/html', value: message.html },
        ],
        tracking_settings: { click_tracking: { enable: false, enable_text: false } },
      }),
    } satisfies RequestInit,
  };
}

/**
 * Mail through SendGrid's HTTPS API. Click tracking is off: it would rewrite reset links through
 * a third party. A non-2xx answer throws, so the worker retries and finally parks the job.
 */
export class SendGridMail implements MailTransport {
  readonly kind = 'sendgrid' as const;

  constructor(
    private readonly apiKey: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  async send(message: MailMessage): Promise<string> {
    const { url, init } = sendGridRequest(this.apiKey, message);
    const response = await this.fetchImpl(url, init);
    if (!response.ok) throw new Error(`SendGrid answered ${response.status}`);
    return response.headers.get('x-message-id') ?? 'accepted';
  }

  async close(): Promise<void> {}
}
