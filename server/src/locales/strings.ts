import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// Under dist/ the JSON files are not copied; read them from the source tree.
const dir = existsSync(path.join(here, 'en.json'))
  ? here
  : path.resolve(here, '../../../server/src/locales');

type Catalogue = Record<string, string>;

/** One catalogue per locale (`en.json` first); a missing string falls back to English. */
const catalogues: Record<string, Catalogue> = Object.fromEntries(
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [
      file.replace(/\.json$/, ''),
      JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Catalogue,
    ]),
);

export const DEFAULT_LOCALE = 'en';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function hasLocale(tag: string): boolean {
  return Object.hasOwn(catalogues, tag);
}

/** Looks strings up in one locale and fills `{name}` placeholders. */
export function translator(locale: string): Translate {
  const catalogue = catalogues[locale] ?? {};
  const fallback = catalogues[DEFAULT_LOCALE] ?? {};
  return (key, vars = {}) => {
    const text = catalogue[key] ?? fallback[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_match, name: string) => String(vars[name] ?? ''));
  };
}
