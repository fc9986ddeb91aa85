// Saves bytes or text as a download through a Blob URL (revoked once the browser has taken it).
export function downloadBlob(name: string, data: Uint8Array | string, type: string): void {
  // Bytes from the worker may sit on a SharedArrayBuffer view, which Blob does not take: copy them out.
  const part = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
