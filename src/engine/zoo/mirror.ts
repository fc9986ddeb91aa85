// Resolves a manifest variant to the URL it is fetched from: its public URL, or `path` under a model mirror.
// The mirror lets tests, CI and offline users serve the same manifest from a local folder (e.g. ../shared/models).
import { ManifestError, type Variant, type ZooEntry } from './manifest.ts';

/** Name of the environment variable that sets the mirror in Node (CLI, tests) and, VITE_-prefixed, in dev builds. */
export const MIRROR_ENV = 'WEBCLAS_MODEL_MIRROR';

/**
 * Turns a user-given mirror into an absolute base URL ending in `/`.
 * - `http(s)://…` and `file://…` are taken as they are;
 * - anything else is relative: against `baseHref` (the page's URL in a browser, e.g. `/models`), or, when there is
 *   no page (Node), against `cwd` as a filesystem folder, giving a `file://` URL.
 */
export function normalizeMirror(mirror: string, options: { baseHref?: string; cwd?: string } = {}): string {
  const m = mirror.trim();
  if (m.length === 0) throw new Error('model mirror is an empty string');
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(m)) url = new URL(m);
  else if (options.baseHref) url = new URL(m, options.baseHref);
  else if (options.cwd !== undefined) {
    const abs = m.startsWith('/') ? m : `${options.cwd.replace(/\/+$/, '')}/${m}`;
    url = new URL(`file://${abs.split('/').map(encodeURIComponent).join('/')}`);
  } else
    throw new Error(
      `model mirror "${m}" is relative, and there is no page URL or working folder to resolve it`,
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:') {
    throw new Error(`model mirror "${m}": unsupported protocol ${url.protocol} (use http, https or file)`);
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** Where a variant is fetched from, and why (for the UI's download panel and error messages). */
export interface ResolvedUrl {
  url: string;
  via: 'mirror' | 'public';
}

/**
 * The URL of `path` under a normalized mirror base, refusing anything that would leave it. The path is resolved
 * with `new URL` exactly as fetch will, then the result is checked (scheme, host and port equal the base's, the
 * path starts with the base's path), so `http://other/x.onnx`, `//other/x`, `../x`, `%2e%2e/x` and `..\x` are
 * refused whatever spelling they use. Encoded separators (`%2f`, `%5c`) are refused too: URL parsing keeps them as
 * one segment, but a file server may decode them into a `..` step.
 */
export function mirrorFileUrl(mirror: string, path: string): string {
  if (!mirror.endsWith('/'))
    throw new Error(`mirror base "${mirror}" must end with "/" (use normalizeMirror)`);
  const base = new URL(mirror);
  const refuse = (why: string): never => {
    throw new Error(`mirror path "${path}" ${why}; it must be a relative path inside the mirror ${mirror}`);
  };
  if (path.trim() === '') refuse('is empty');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) refuse('is an absolute URL');
  if (/%2f|%5c/i.test(path)) refuse('contains an encoded "/" or "\\"');
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    return refuse('is not a valid URL path');
  }
  // Origin alone is not enough: every file:// URL has the opaque origin "null".
  if (url.protocol !== base.protocol || url.host !== base.host)
    refuse(`leaves the mirror (resolves to ${url.href})`);
  if (!url.pathname.startsWith(base.pathname) || url.pathname === base.pathname)
    refuse(`leaves the mirror folder (resolves to ${url.href})`);
  if (url.search || url.hash) refuse('carries a query or fragment');
  return url.href;
}

/**
 * The URL to fetch a variant from: `mirror` + `variant.path` when a mirror is set (a normalized base, see
 * normalizeMirror), else the public URL. A local-mirror-only file without a mirror is a clear error.
 */
export function resolveVariantUrl(entry: ZooEntry, variant: Variant, mirror?: string): ResolvedUrl {
  if (mirror) return { url: mirrorFileUrl(mirror, variant.path), via: 'mirror' };
  if (variant.url === null) {
    throw new ManifestError(
      `model "${entry.id}" variant ${variant.name} has no public URL (${entry.source.kind}): ` +
        `set a model mirror (Settings, or ${MIRROR_ENV} for the CLI and tests) that serves ${variant.path}`,
    );
  }
  return { url: variant.url, via: 'public' };
}
