// A fetch for Node that also reads file:// URLs (Node's fetch does not), with Range support, so the CLI can use a
// local folder as model mirror (WEBCLAS_MODEL_MIRROR=../shared/models) through the same download code.
/// <reference types="node" />
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const fileFetch: typeof fetch = async (input, init) => {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!href.startsWith('file:')) return fetch(input, init);
  const path = fileURLToPath(href);
  const st = await stat(path).catch(() => undefined);
  if (!st?.isFile()) return new Response(`not found: ${path}`, { status: 404, statusText: 'Not Found' });
  const range = new Headers(init?.headers).get('Range');
  const m = range ? /^bytes=(\d+)-$/.exec(range) : null;
  const start = m ? Number(m[1]) : 0;
  if (start >= st.size && m) {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${st.size}` } });
  }
  const validator = `"${st.size}-${st.mtimeMs}"`;
  const ifRange = new Headers(init?.headers).get('If-Range');
  const partial = m !== null && (ifRange === null || ifRange === validator);
  const from = partial ? start : 0;
  const body = Readable.toWeb(createReadStream(path, { start: from, signal: init?.signal ?? undefined }));
  const headers: Record<string, string> = { 'Content-Length': String(st.size - from), ETag: validator };
  if (partial) headers['Content-Range'] = `bytes ${from}-${st.size - 1}/${st.size}`;
  return new Response(body as ReadableStream<Uint8Array>, { status: partial ? 206 : 200, headers });
};
