// Vite plugin: serves a local folder (the model mirror, shared data) under a URL prefix in dev and preview, with
// Range support and CORP headers, so the app, e2e tests and offline users fetch models from disk like from a mirror.
// Malformed requests get a short plain-text 400/404/405, never a stack trace or a path of this machine.
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

const types: Record<string, string> = {
  '.onnx': 'application/octet-stream',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

/**
 * Serves `root` under `prefix`. Every request it takes ends in a plain-text answer of its own: 400 for a path that
 * cannot be decoded or holds a NUL, 404 for one outside the folder (symlinks included) or missing, 405 for a method
 * other than GET/HEAD, and never a stack trace or a path of this machine (a thrown error here would become Vite's
 * 500 page with both).
 */
export function folderMiddleware(prefix: string, root: string): Connect.NextHandleFunction {
  const base = resolve(root);
  return (req, res, next) => {
    const target = req.url ?? '/';
    if (!target.startsWith(prefix)) return next();
    try {
      serve(req, res, prefix, base);
    } catch {
      fail(res, 500, 'internal error');
    }
  };
}

function serve(req: Connect.IncomingMessage, res: ServerResponse, prefix: string, base: string): void {
  // A path that cannot be decoded (`%E0%A4%A`) reads as one holding a NUL: both are malformed.
  let rel: string;
  try {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    rel = decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    rel = '\0';
  }
  if (rel.includes('\0')) {
    fail(res, 400, 'bad request: malformed URL');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    fail(res, 405, 'method not allowed');
    return;
  }
  const file = join(base, normalize(rel));
  const real = inside(base, file);
  if (!real) {
    fail(res, 404, 'not found');
    return;
  }
  const size = statSync(real).size;
  res.setHeader('Content-Type', types[extname(real).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  const range = byteRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.statusCode = 416;
    res.setHeader('Content-Range', `bytes */${size}`);
    return void res.end();
  }
  const [start, end] = range ?? [0, size - 1];
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || size === 0) return void res.end();
  // A read error after the headers went out can only cut the response short; it must not crash the server.
  createReadStream(real, { start, end })
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The file's real path when it is a regular file inside `base` after following symlinks, else null. */
function inside(base: string, file: string): string | null {
  if (!file.startsWith(base + sep) || !existsSync(file)) return null;
  const realBase = realpathSync(base);
  const real = realpathSync(file);
  return real.startsWith(realBase + sep) && statSync(real).isFile() ? real : null;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` → [start, end]; null when absent or not one plain range (served whole). */
function byteRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  return start >= size || start > end ? 'unsatisfiable' : [start, end];
}

function fail(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${message}\n`);
}

/** Mounts each `prefix → folder` pair that exists on disk, in both `vite` and `vite preview`. */
export function serveFolders(mounts: Record<string, string>): Plugin {
  const active = Object.entries(mounts).filter(([, dir]) => existsSync(dir));
  const install = (use: (fn: Connect.NextHandleFunction) => void) => {
    for (const [prefix, dir] of active) use(folderMiddleware(prefix, dir));
  };
  return {
    name: 'webclas-serve-folders',
    configureServer: (server) => install((fn) => server.middlewares.use(fn)),
    configurePreviewServer: (server) => install((fn) => server.middlewares.use(fn)),
  };
}
