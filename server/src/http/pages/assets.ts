import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Request, type Response, Router } from 'express';

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

function load(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

/**
 * The stylesheet and script of the hosted pages (fixed names, cached for an hour) and a tiny
 * per-tenant stylesheet carrying the brand colour, so no page needs an inline style.
 */
export function assetRoutes(assetDir: string): Router {
  const css = load(assetDir, 'pages.css');
  const js = load(assetDir, 'pages.js');
  const router = Router({ mergeParams: true });
  router.get('/assets/pages.css', (_req, res) => send(res, 'text/css', css));
  router.get('/assets/pages.js', (_req, res) => send(res, 'text/javascript', js));
  router.get('/assets/brand.css', (req: Request, res: Response) => {
    const colour = req.tenant?.branding.primaryColor ?? '';
    send(res, 'text/css', HEX_COLOUR.test(colour) ? `:root { --brand: ${colour}; }\n` : '\n');
  });
  return router;
}

function send(res: Response, type: string, body: string): void {
  res.type(type).set('Cache-Control', 'public, max-age=3600').send(body);
}
