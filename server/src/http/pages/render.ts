import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { Request, Response } from 'express';
import { DEFAULT_LOCALE, hasLocale, translator } from '../../locales/strings.js';
import { csrfField } from './csrf.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Templates, strings and assets live beside the source; dist/ falls back to the source tree. */
function resourceDir(name: string): string {
  const beside = path.join(here, name);
  if (existsSync(beside)) return beside;
  return path.resolve(here, '../../../../../server/src/http/pages', name);
}

const eta = new Eta({
  views: resourceDir('templates'),
  autoEscape: true,
  autoTrim: false,
  cache: true,
  defaultExtension: '.eta',
});

/** The first of the requested locales (`ui_locales` or Accept-Language) that we have. */
export function pickLocale(req: Request, uiLocales?: string | null): string {
  const wanted = [...(uiLocales ?? '').split(' '), ...(req.acceptsLanguages() as string[])].map(
    (tag) => tag.trim().toLowerCase().split('-')[0] ?? '',
  );
  return wanted.find((tag) => tag && hasLocale(tag)) ?? DEFAULT_LOCALE;
}

/** The asset paths are fixed names; their bodies are small and cached for an hour. */
export function assetBase(tenantSlug: string): string {
  return `/t/${tenantSlug}/assets`;
}

/**
 * Renders a page in the layout with the tenant's branding, strings in the browser's locale and
 * the CSRF field, and sends it. Everything in `data` is escaped when printed with `<%= %>`.
 */
export async function renderPage(
  req: Request,
  res: Response,
  template: string,
  data: Record<string, unknown> = {},
  status = 200,
): Promise<void> {
  const tenant = req.tenant;
  const locale = typeof data.locale === 'string' ? data.locale : pickLocale(req);
  const t = translator(locale);
  // An unknown tenant's error page links the assets under the path it was asked at: the shared
  // stylesheet and script are served there whatever the tenant.
  const slug = tenant?.slug ?? encodeURIComponent(String(req.params.tenant ?? ''));
  const html = await eta.renderAsync(template, {
    ...data,
    t,
    lang: locale,
    base: `/t/${slug}`,
    assets: assetBase(slug),
    tenantName: tenant?.branding.name ?? tenant?.displayName ?? 'Latchkey',
    logoUrl: safeLogo(tenant?.branding.logoUrl ?? null),
    csrf: () => csrfField(req),
    errors: (data.errors as unknown[]) ?? [],
  });
  res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
}

/** Only an https logo is shown; anything else could be a `javascript:` or tracking URL. */
function safeLogo(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
