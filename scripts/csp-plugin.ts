// Vite plugin: the studio's Content-Security-Policy and `X-Content-Type-Options: nosniff` on every response of the
// dev and preview servers (`npm start` included), and the same policy as a <meta> in the built index.html for static
// hosts that set no headers. Tooltips escape their text (src/shared/charts/tooltip-html.ts); this policy is the
// second wall (#15): even markup that reached the page could run no inline handler, inline or foreign script.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Connect, Plugin, ViteDevServer } from 'vite';

export interface CspSources {
  /** Extra connect-src sources: a plain-http model mirror (set at build time or in WEBCLAS_CSP_CONNECT). */
  connect?: string[];
  /** 'sha256-…' hashes of inline scripts the dev server itself writes (the React refresh preamble). */
  scriptHashes?: string[];
}

/**
 * The policy, directive by directive. `frame-ancestors` only works as a header (a <meta> copy would only log a
 * warning), so the meta variant leaves it out.
 */
export function contentSecurityPolicy(
  { connect = [], scriptHashes = [] }: CspSources = {},
  delivery: 'header' | 'meta' = 'header',
): string {
  const directives: string[][] = [
    ['default-src', "'self'"],
    // Only the app's own files run. ORT compiles its .wasm (WebAssembly.instantiate), which needs
    // 'wasm-unsafe-eval'; JavaScript eval, inline scripts and inline event handlers stay forbidden.
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...scriptHashes.map((h) => `'${h}'`)],
    // Module workers: the GPU and import workers, and ORT's WASM threads (it starts its own module file as a worker);
    // all same-origin files, none from blob: URLs.
    ['worker-src', "'self'"],
    // echarts' HTML tooltips carry style="" attributes and Vite dev injects <style> tags. Styles cannot run script.
    ['style-src', "'self'", "'unsafe-inline'"],
    // Dataset and evaluation thumbnails are blob: URLs of stored images; Vite inlines small imported assets as data:.
    ['img-src', "'self'", 'blob:', 'data:'],
    // Models come from a mirror the user may set to any origin (Classify settings). Any https origin is allowed,
    // plain http only on this machine; CORS and sha256 checks still apply. A plain-http mirror elsewhere must be
    // named (the build-time VITE_WEBCLAS_MODEL_MIRROR is added by itself, others through WEBCLAS_CSP_CONNECT).
    ['connect-src', "'self'", 'https:', 'http://127.0.0.1:*', 'http://localhost:*', ...connect],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    // The app's forms are handled in script (preventDefault): nothing is ever submitted anywhere.
    ['form-action', "'none'"],
  ];
  if (delivery === 'header') directives.push(['frame-ancestors', "'none'"]);
  return directives.map((d) => d.join(' ')).join('; ');
}

/** sha256 CSP sources of every inline <script> of `html` (its text exactly as served). */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1] ?? '')) continue;
    out.push(
      `sha256-${createHash('sha256')
        .update(m[2] ?? '')
        .digest('base64')}`,
    );
  }
  return out;
}

/** The origin of a plain-http mirror (https ones are allowed already), or nothing. */
function httpOrigin(mirror: string | undefined): string[] {
  try {
    const u = new URL(mirror ?? '');
    return u.protocol === 'http:' ? [u.origin] : [];
  } catch {
    return []; // relative or unset: the mirror is on this origin
  }
}

function setHeaders(policy: () => Promise<string> | string): Connect.NextHandleFunction {
  return (_req, res, next) => {
    Promise.resolve(policy()).then((p) => {
      res.setHeader('Content-Security-Policy', p);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      next();
    }, next);
  };
}

/**
 * Dev serves index.html with the React refresh preamble inline (plugin-react writes it): the policy allows exactly
 * that script by its hash, learnt by transforming index.html once, so nothing else inline can run in dev either.
 */
async function devScriptHashes(server: ViteDevServer): Promise<string[]> {
  const root = server.config.root;
  const html = await server.transformIndexHtml('/', readFileSync(resolve(root, 'index.html'), 'utf8'));
  return inlineScriptHashes(html);
}

export function csp(): Plugin {
  let connect: string[] = [];
  return {
    name: 'webclas-csp',
    // Vitest's browser runner serves its own pages with inline scripts: the app's policy is not theirs.
    apply: () => !process.env.VITEST,
    configResolved(config) {
      connect = [
        ...httpOrigin(config.env.VITE_WEBCLAS_MODEL_MIRROR),
        ...(process.env.WEBCLAS_CSP_CONNECT ?? '').split(/\s+/).filter(Boolean),
      ];
    },
    configureServer(server) {
      let policy: Promise<string> | undefined;
      server.middlewares.use(
        setHeaders(() => {
          policy ??= devScriptHashes(server).then(
            (scriptHashes) => contentSecurityPolicy({ connect, scriptHashes }),
            (e) => {
              policy = undefined; // the next request tries again
              throw e;
            },
          );
          return policy;
        }),
      );
    },
    configurePreviewServer(server) {
      // The build has no inline script: the policy allows none.
      server.middlewares.use(setHeaders(() => contentSecurityPolicy({ connect })));
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (ctx.server) return; // dev: the header carries it (with the preamble's hash)
        return [
          {
            tag: 'meta',
            attrs: {
              'http-equiv': 'Content-Security-Policy',
              content: contentSecurityPolicy({ connect }, 'meta'),
            },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}
