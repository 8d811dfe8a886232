/**
 * A minimal browser for protocol tests: a cookie jar, manual redirects, and form posts built
 * from the hidden fields of the page it is on — the way a person's browser drives the hosted
 * pages. Follows redirects within `origin` and stops at the first one that leaves it.
 */
export class Browser {
  private readonly jar = new Map<string, string>();
  page = '';

  constructor(private readonly origin: string) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Requests `url`, following same-origin redirects; returns the final response or the exit URL. */
  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    let target = url;
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form
      ? new URLSearchParams(init.form).toString()
      : undefined;
    for (let hop = 0; hop < 10; hop += 1) {
      const res = await fetch(target, {
        method,
        body,
        redirect: 'manual',
        headers: {
          cookie: this.cookieHeader(),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      this.remember(res);
      const location = res.headers.get('location');
      if (!location) {
        this.page = await res.text();
        return { status: res.status, url: target, left: null as URL | null };
      }
      const next = new URL(location, target);
      if (next.origin !== this.origin) return { status: res.status, url: target, left: next };
      target = next.toString();
      method = 'GET';
      body = undefined;
    }
    throw new Error('too many redirects');
  }

  /** The value of a hidden field on the current page. */
  field(name: string): string {
    return new RegExp(`name="${name}" value="([^"]*)"`).exec(this.page)?.[1] ?? '';
  }
}
