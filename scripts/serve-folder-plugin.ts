// Vite plugin: serves a local folder (the model mirror, shared data) under a URL prefix in dev and preview, with
// Range support and CORP headers, so the app, e2e tests and offline users fetch models from disk like from a mirror.
import { createReadStream, existsSync, statSync } from 'node:fs';
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

export function folderMiddleware(prefix: string, root: string): Connect.NextHandleFunction {
  const base = resolve(root);
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) return next();
    const rel = normalize(decodeURIComponent(url.pathname.slice(prefix.length)));
    const file = join(base, rel);
    if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end(`not found: ${url.pathname}`);
      return;
    }
    const size = statSync(file).size;
    res.setHeader('Content-Type', types[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start >= size || start > end) {
        res.statusCode = 416;
        res.setHeader('Content-Range', `bytes */${size}`);
        res.end();
        return;
      }
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
      res.setHeader('Content-Length', String(end - start + 1));
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.setHeader('Content-Length', String(size));
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
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
