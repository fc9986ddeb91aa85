// Streaming model download into a ModelStore: progress (bytes, rate, ETA), cancel, retry with backoff,
// resume with Range requests (206 + Content-Range; a 200 restarts), and sha256 verification before anything is stored.
import {
  concatChunks,
  evictFor,
  fmtMB,
  type ModelStore,
  type PartialInfo,
  type StoredModelMeta,
} from './store.ts';

export interface DownloadProgress {
  key: string;
  /** Bytes of the file held so far (resumed + received). */
  loaded: number;
  /** Full size, null when neither server nor manifest says. */
  total: number | null;
  /** Bytes received over the network by this call. */
  transferred: number;
  /** Bytes/s over the last ~2 s. */
  rate: number;
  /** Seconds left at the current rate, null when unknown. */
  etaSeconds: number | null;
  /** 1-based attempt number (retries increase it). */
  attempt: number;
  phase: 'downloading' | 'verifying' | 'storing';
}

export interface DownloadOptions {
  /** Store key (fetch-model.ts: `sha256:<hex>` for pinned files, `src:<url>` for unpinned ones). */
  key: string;
  /** What the file is, for messages and progress (e.g. `mobilenetv2-12-int8/int8`); default: the key. */
  label?: string;
  url: string;
  store: ModelStore;
  expectedBytes?: number | null;
  /**
   * Most bytes to accept when the exact size is unknown; the stream is cut as soon as it passes this (a server's
   * Content-Length is not trusted). Defaults to expectedBytes; null/undefined with no expectedBytes = no limit.
   */
  maxBytes?: number | null;
  /** Published sha256; a mismatch is an error and nothing is stored. Null: the file is stored unverified. */
  expectedSha256?: string | null;
  /** Extra metadata stored with the file (which zoo variant it was fetched for). */
  ref?: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Retries after the first attempt for network errors, early stream ends and 408/429/5xx (default 3). */
  retries?: number;
  /** First backoff in ms, doubled per retry up to maxBackoffMs (defaults 500 and 8000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Partial bytes are written to the store every this many bytes (default 4 MiB), and always on cancel/error. */
  flushBytes?: number;
  fetch?: typeof fetch;
}

export interface DownloadResult {
  meta: StoredModelMeta;
  data: Uint8Array;
  /** True when the file was already in the store and nothing was fetched. */
  cached: boolean;
  /** Bytes received over the network by this call. */
  transferred: number;
  /** Bytes taken from a stored partial download at the start. */
  resumedFrom: number;
  attempts: number;
}

/** The server sent something that is not the file we asked for; retrying will not help. */
export class DownloadError extends Error {
  override name = 'DownloadError';
  /** The HTTP status the server answered with, when that was the trouble (404: the file is not there). */
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The bytes arrived but are not the published file; nothing was stored. */
export class IntegrityError extends Error {
  override name = 'IntegrityError';
}

/** A transient failure (network, early end, 5xx) worth another attempt. */
class RetryableError extends Error {}

/** sha256 of the whole file (WebCrypto has no incremental digest, so this runs once over the assembled bytes). */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Parses `bytes START-END/TOTAL` (TOTAL may be `*`). */
export function parseContentRange(
  h: string | null,
): { start: number; end: number; total: number | null } | null {
  const m = h && /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(h.trim());
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

/** A validator usable in If-Range: a strong ETag, else Last-Modified (weak ETags are not allowed there). */
function validatorOf(res: Response): string | null {
  const etag = res.headers.get('ETag');
  if (etag && !etag.startsWith('W/')) return etag;
  return res.headers.get('Last-Modified');
}

function abortError(signal: AbortSignal): Error {
  const r = signal.reason;
  if (r instanceof Error) return r;
  return new DOMException(typeof r === 'string' ? r : 'download cancelled', 'AbortError');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Bytes/s over a sliding window of recent samples. */
class RateMeter {
  private samples: { t: number; n: number }[] = [];
  add(t: number, n: number): number {
    this.samples.push({ t, n });
    while (this.samples.length > 2 && t - this.samples[1].t >= 2000) this.samples.shift();
    const first = this.samples[0];
    const dt = (t - first.t) / 1000;
    return dt > 0 ? (n - first.n) / dt : 0;
  }
}

/**
 * Downloads `url` into `store` under `key`, resuming a stored partial download where the server allows.
 * Returns the stored file (or the cached one when it is already there with the expected sha256).
 */
export async function downloadModel(o: DownloadOptions): Promise<DownloadResult> {
  const { key, url, store, signal } = o;
  const doFetch = o.fetch ?? fetch;
  const retries = o.retries ?? 3;
  const flushBytes = o.flushBytes ?? 4 << 20;
  const expectedSha = o.expectedSha256?.toLowerCase() ?? null;
  const expectedBytes = o.expectedBytes ?? null;
  const limit = expectedBytes ?? o.maxBytes ?? null;
  const where = `${o.label ?? key} (${url})`;

  const cached = await store.get(key);
  if (cached && (expectedSha === null || (cached.meta.sha256 === expectedSha && cached.meta.verified))) {
    return { ...cached, cached: true, transferred: 0, resumedFrom: 0, attempts: 0 };
  }
  if (cached) await store.delete(key); // not the pinned bytes (a stale or foreign entry): never reuse them

  // Resume state. `persisted` bytes are in the store's partial; `pending` chunks are received but not yet written.
  let partial = await store.getPartial(key);
  if (
    partial &&
    (partial.url !== url ||
      (expectedBytes !== null && partial.total !== null && partial.total !== expectedBytes))
  ) {
    await store.clearPartial(key);
    partial = undefined;
  }
  let chunks: Uint8Array[] = partial ? [...partial.chunks] : [];
  let loaded = partial?.bytes ?? 0;
  let persisted = loaded;
  let pending: Uint8Array[] = [];
  let info: PartialInfo = {
    url,
    total: partial?.total ?? expectedBytes,
    validator: partial?.validator ?? null,
  };
  const resumedFrom = loaded;
  let transferred = 0;
  let attempt = 0;
  const meter = new RateMeter();
  const t0 = performance.now();
  meter.add(t0, 0);

  const flush = async () => {
    if (pending.length === 0) return;
    const buf = concatChunks(pending);
    await store.appendPartial(key, info, persisted, buf);
    persisted += buf.byteLength;
    pending = [];
  };
  const restart = async () => {
    chunks = [];
    pending = [];
    loaded = 0;
    persisted = 0;
    await store.clearPartial(key);
  };
  const report = (phase: DownloadProgress['phase'], rate: number) => {
    const total = info.total;
    const etaSeconds = total !== null && rate > 0 ? Math.max(0, total - loaded) / rate : null;
    o.onProgress?.({ key, loaded, total, transferred, rate, etaSeconds, attempt, phase });
  };

  let done = false;
  while (!done) {
    if (signal?.aborted) throw abortError(signal);
    attempt++;
    try {
      done = await fetchOnce();
    } catch (e) {
      await flush().catch(() => {}); // keep what arrived, so a later call resumes; a failing store must not mask e
      if (signal?.aborted) throw abortError(signal);
      if (!(e instanceof RetryableError || e instanceof TypeError)) throw e;
      if (attempt > retries) {
        throw new DownloadError(
          `download of ${where} failed after ${attempt} attempts: ${(e as Error).message} ` +
            `(${fmtMB(loaded)} kept for resume)`,
        );
      }
      const backoff = Math.min((o.backoffMs ?? 500) * 2 ** (attempt - 1), o.maxBackoffMs ?? 8000);
      await sleep(backoff, signal);
    }
  }

  report('verifying', 0);
  const data = concatChunks(chunks, loaded);
  if (expectedBytes !== null && data.byteLength !== expectedBytes) {
    await store.clearPartial(key);
    throw new IntegrityError(
      `size mismatch for ${where}: got ${data.byteLength} bytes, expected ${expectedBytes}; nothing was stored`,
    );
  }
  const sha256 = await sha256Hex(data);
  if (expectedSha !== null && sha256 !== expectedSha) {
    await store.clearPartial(key);
    throw new IntegrityError(
      `sha256 mismatch for ${where}: expected ${expectedSha}, got ${sha256}: these bytes are not the ` +
        `published model (a wrong or tampered mirror?); nothing was stored`,
    );
  }
  report('storing', 0);
  await evictFor(store, data.byteLength - persisted, [key]);
  const meta = await store.put(
    {
      key,
      url,
      bytes: data.byteLength,
      sha256,
      verified: expectedSha !== null,
      ...(o.ref === undefined ? {} : { ref: o.ref }),
    },
    data,
  );
  return { meta, data, cached: false, transferred, resumedFrom, attempts: attempt };

  /** One HTTP request; resolves true when the file is complete, throws RetryableError for transient failures. */
  async function fetchOnce(): Promise<boolean> {
    if (info.total !== null && loaded === info.total && loaded > 0) return true;
    const headers: Record<string, string> = {};
    if (loaded > 0) {
      headers.Range = `bytes=${loaded}-`;
      if (info.validator) headers['If-Range'] = info.validator;
    }
    const res = await doFetch(url, { headers, signal, cache: 'no-store' });
    if (res.status === 206) {
      const cr = parseContentRange(res.headers.get('Content-Range'));
      if (!cr || cr.start !== loaded) {
        await res.body?.cancel();
        await restart();
        throw new RetryableError(
          `bad Content-Range "${res.headers.get('Content-Range')}" for bytes=${loaded}-`,
        );
      }
      info = { ...info, total: cr.total ?? info.total };
    } else if (res.status === 200) {
      if (loaded > 0) await restart(); // the server ignored Range (or If-Range failed): start over
      const len = res.headers.get('Content-Length');
      const encoded = res.headers.get('Content-Encoding');
      // With Content-Encoding the length is of the compressed body, not the file.
      info = { ...info, total: len !== null && !encoded ? Number(len) : expectedBytes };
      info.validator = validatorOf(res);
    } else if (res.status === 416 && loaded > 0) {
      await res.body?.cancel();
      await restart();
      throw new RetryableError(`server refused the range bytes=${info.total ?? '?'}- (416)`);
    } else {
      await res.body?.cancel();
      const msg = `HTTP ${res.status} ${res.statusText} for ${where}`;
      if (res.status === 408 || res.status === 429 || res.status >= 500) throw new RetryableError(msg);
      throw new DownloadError(msg, res.status);
    }
    if (expectedBytes !== null && info.total !== null && info.total !== expectedBytes) {
      await res.body?.cancel();
      await restart();
      throw new IntegrityError(
        `size mismatch for ${where}: the server announces ${info.total} bytes, the manifest says ${expectedBytes}; nothing was stored`,
      );
    }
    if (limit !== null && info.total !== null && info.total > limit) {
      await res.body?.cancel();
      await restart();
      throw new IntegrityError(
        `${where}: the server announces ${info.total} bytes, more than the ${limit} bytes this file can have; nothing was stored`,
      );
    }
    if (!res.body) throw new DownloadError(`no response body for ${where}`);
    if (info.total !== null) await evictFor(store, info.total - loaded, [key]);

    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        // A body that ignores the signal (a custom fetch, a service worker) must still stop here.
        if (signal?.aborted) throw abortError(signal);
        chunks.push(value);
        pending.push(value);
        loaded += value.byteLength;
        transferred += value.byteLength;
        if (info.total !== null && loaded > info.total) {
          throw new DownloadError(
            `${where}: received ${loaded} bytes, more than the announced ${info.total}`,
          );
        }
        // Stop at the limit itself, whatever the server announced (or did not).
        if (limit !== null && loaded > limit) {
          await restart();
          throw new IntegrityError(
            `${where}: received more than the ${limit} bytes this file can have; nothing was stored`,
          );
        }
        if (loaded - persisted >= flushBytes) await flush();
        report('downloading', meter.add(performance.now(), transferred));
      }
    } catch (e) {
      await reader.cancel().catch(() => {}); // close the connection; the caller decides whether to retry
      throw e;
    } finally {
      reader.releaseLock();
    }
    if (info.total !== null && loaded < info.total) {
      throw new RetryableError(`connection closed at ${loaded} of ${info.total} bytes`);
    }
    info = { ...info, total: loaded };
    return true;
  }
}
