// Test-only: a file of ../shared in either test runtime: fetched from the dev server's /shared/ in the browser
// (vite.config.ts serves it there), read from WEBCLAS_SHARED or ../shared in Node.

export async function sharedBytes(rel: string): Promise<Uint8Array> {
  if (typeof window === 'undefined') {
    // Node only: the module reads with node:fs, so it is loaded lazily and never in the browser.
    const { readShared } = await import('../../onnx/testing/shared.ts');
    return readShared(rel);
  }
  const res = await fetch(`/shared/${rel}`);
  if (!res.ok)
    throw new Error(`GET /shared/${rel}: HTTP ${res.status} (is ../shared served under /shared/?)`);
  return new Uint8Array(await res.arrayBuffer());
}
