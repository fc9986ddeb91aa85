// Test-only: a file from ../shared in both GPU test projects: fetched from the dev server's /shared/ in Chromium,
// read from WEBCLAS_SHARED (default ../shared) in Node.
const inBrowser = typeof window !== 'undefined';

export async function sharedFile(rel: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!inBrowser) {
    const { readShared } = await import('../../../onnx/testing/shared.ts');
    return readShared(rel) as Uint8Array<ArrayBuffer>;
  }
  const res = await fetch(`/shared/${rel}`);
  if (!res.ok) {
    throw new Error(
      `missing shared file /shared/${rel} (HTTP ${res.status}): the dev server serves WEBCLAS_SHARED there`,
    );
  }
  return new Uint8Array(await res.arrayBuffer());
}
