// Fetches a small pinned file served beside the models (the ImageNet label list, manifest `imagenetLabels`): the
// path is resolved inside the mirror, the body is read up to the pinned size and no further, and the bytes are
// returned only when their sha256 is the pinned one, so a mirror cannot relabel a model's outputs.
import { DownloadError, IntegrityError, sha256Hex } from './download.ts';
import type { PinnedFile } from './manifest.ts';
import { mirrorFileUrl } from './mirror.ts';
import { concatChunks } from './store.ts';

export async function fetchPinnedFile(
  mirror: string,
  file: PinnedFile,
  doFetch: typeof fetch = fetch,
): Promise<Uint8Array> {
  const url = mirrorFileUrl(mirror, file.path);
  const res = await doFetch(url, { cache: 'no-store' });
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new DownloadError(`HTTP ${res.status} ${res.statusText} for ${file.path} (${url})`);
  }
  const parts: Uint8Array[] = [];
  let n = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.byteLength;
      if (n > file.bytes) {
        throw new IntegrityError(
          `${file.path} (${url}) is larger than its pinned ${file.bytes} bytes; refused`,
        );
      }
      parts.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  } finally {
    reader.releaseLock();
  }
  const data = concatChunks(parts, n);
  const sha = await sha256Hex(data);
  if (n !== file.bytes || sha !== file.sha256) {
    throw new IntegrityError(
      `${file.path} (${url}) is not the pinned file: ${n} bytes with sha256 ${sha}, expected ${file.bytes} ` +
        `bytes with ${file.sha256}; refused`,
    );
  }
  return data;
}
