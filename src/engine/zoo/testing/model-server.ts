// A real HTTP file server for download tests (node:http on 127.0.0.1, port 0): optional Range/If-Range support,
// and a switch that drops the connection mid-body. Records every request so tests can assert what went over the wire.
/// <reference types="node" />
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';

export interface ServerOptions {
  /** Folder served at `/`. */
  root: string;
  /** Honour `Range: bytes=N-` with 206 + Content-Range (default true). */
  range?: boolean;
  /** Drop the connection after this many body bytes… */
  dieAfterBytes?: number;
  /** …for this many responses (default: every response). */
  dieTimes?: number;
  /** Send Content-Length (default true); false streams the body chunked, announcing no size at all. */
  contentLength?: boolean;
}

export interface RequestLog {
  path: string;
  range: string | null;
  ifRange: string | null;
  status: number;
  /** Body bytes written before the response ended or was cut. */
  bytesSent: number;
}

export interface ModelServer {
  /** Base URL ending in `/`. */
  url: string;
  requests: RequestLog[];
  close(): Promise<void>;
}

export async function startModelServer(o: ServerOptions): Promise<ModelServer> {
  const root = resolve(o.root);
  const requests: RequestLog[] = [];
  const cache = new Map<string, { data: Buffer; etag: string; mtime: string }>();
  let dies = o.dieTimes ?? Number.POSITIVE_INFINITY;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(root, `.${path}`);
    const log: RequestLog = {
      path,
      range: req.headers.range ?? null,
      ifRange: (req.headers['if-range'] as string | undefined) ?? null,
      status: 0,
      bytesSent: 0,
    };
    requests.push(log);
    let entry = cache.get(file);
    if (!entry) {
      try {
        if (!file.startsWith(root + sep) || !statSync(file).isFile()) throw new Error('not a file');
        const data = readFileSync(file);
        const etag = `"${createHash('sha1').update(data).digest('hex')}"`;
        entry = { data, etag, mtime: statSync(file).mtime.toUTCString() };
        cache.set(file, entry);
      } catch {
        log.status = 404;
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
    }
    const { data, etag, mtime } = entry;
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(log.range ?? '');
    const rangeOk = (o.range ?? true) && m && (log.ifRange === null || log.ifRange === etag);
    const headers: Record<string, string | number> = { 'Content-Type': 'application/octet-stream' };
    if (o.range ?? true) {
      headers['Accept-Ranges'] = 'bytes';
      headers.ETag = etag;
      headers['Last-Modified'] = mtime;
    }
    if (rangeOk && m) {
      start = Number(m[1]);
      if (start >= data.length) {
        log.status = 416;
        res.writeHead(416, { 'Content-Range': `bytes */${data.length}` }).end();
        return;
      }
      headers['Content-Range'] = `bytes ${start}-${data.length - 1}/${data.length}`;
      log.status = 206;
    } else log.status = 200;
    const body = data.subarray(start);
    if (o.contentLength ?? true) headers['Content-Length'] = body.length;
    res.writeHead(log.status, headers);
    if (o.dieAfterBytes !== undefined && dies > 0 && body.length > o.dieAfterBytes) {
      dies--;
      const part = body.subarray(0, o.dieAfterBytes);
      log.bytesSent = part.length;
      // Let the bytes leave, then cut the TCP connection as a crashed server would.
      res.write(part, () => setTimeout(() => res.socket?.destroy(), 30));
      return;
    }
    log.bytesSent = body.length;
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
