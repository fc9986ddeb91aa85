// The folder middleware over real HTTP (a plain Node server, raw request paths): files and ranges are served, and
// every malformed or hostile request gets a short plain-text answer with no stack trace and no path of this machine.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderMiddleware } from './serve-folder-plugin.ts';

const dir = mkdtempSync(join(tmpdir(), 'webclas-mirror-'));
const root = join(dir, 'models');
mkdirSync(join(root, 'arch'), { recursive: true });
writeFileSync(join(root, 'arch', 'm.onnx'), '0123456789');
writeFileSync(join(dir, 'secret.txt'), 'outside the mirror');
symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));

let server: Server;
let port = 0;
beforeAll(async () => {
  const mirror = folderMiddleware('/mirror/', root);
  server = createServer((req, res) =>
    mirror(req, res, () => {
      res.statusCode = 418;
      res.end('next');
    }),
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One request with the path sent exactly as written. */
function get(path: string, init: { method?: string; range?: string } = {}) {
  return new Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }>(
    (ok, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: init.method ?? 'GET',
          headers: init.range ? { range: init.range } : {},
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () =>
            ok({
              status: res.statusCode!,
              type: String(res.headers['content-type']),
              body,
              headers: res.headers,
            }),
          );
        },
      );
      req.on('error', fail);
      req.end();
    },
  );
}

describe('folderMiddleware', () => {
  it('answers 400 to a path that cannot be percent-decoded, with no stack and no path', async () => {
    const r = await get('/mirror/%E0%A4%A');
    expect(r.status).toBe(400);
    expect(r.type).toBe('text/plain; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).toBe('bad request: malformed URL\n');
    for (const leak of [dir, tmpdir(), 'URIError', ' at ']) expect(r.body).not.toContain(leak);
  });

  it('answers 400 to a NUL, 404 to escapes (.., encoded slashes, a symlink out of the folder), 405 to POST', async () => {
    expect((await get('/mirror/arch%00.onnx')).status).toBe(400);
    for (const path of [
      '/mirror/../secret.txt',
      '/mirror/%2e%2e/secret.txt',
      '/mirror/..%2fsecret.txt',
      '/mirror/arch/..%2f..%2fsecret.txt',
      '/mirror/link.txt',
      '/mirror/arch',
      '/mirror/missing.onnx',
    ]) {
      const r = await get(path);
      expect([path, r.status, r.body]).toEqual([path, 404, 'not found\n']);
    }
    const post = await get('/mirror/arch/m.onnx', { method: 'POST' });
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('serves files whole, by range (a-b, a-, -n) and by HEAD; an unsatisfiable range is 416', async () => {
    const whole = await get('/mirror/arch/m.onnx');
    expect([whole.status, whole.body, whole.headers['content-length']]).toEqual([200, '0123456789', '10']);
    const part = await get('/mirror/arch/m.onnx', { range: 'bytes=2-4' });
    expect([part.status, part.body, part.headers['content-range']]).toEqual([206, '234', 'bytes 2-4/10']);
    expect((await get('/mirror/arch/m.onnx', { range: 'bytes=7-' })).body).toBe('789');
    expect((await get('/mirror/arch/m.onnx', { range: 'bytes=-3' })).body).toBe('789');
    const past = await get('/mirror/arch/m.onnx', { range: 'bytes=99999999999999999999-' });
    expect([past.status, past.headers['content-range']]).toEqual([416, 'bytes */10']);
    const head = await get('/mirror/arch/m.onnx', { method: 'HEAD' });
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '10']);
    // Other paths go on to the next middleware.
    expect((await get('/other/%E0%A4%A')).status).toBe(418);
  });
});
