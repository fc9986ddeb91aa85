// Content hash for duplicate detection: SHA-256 through WebCrypto (browsers, workers and Node ≥ 20).

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle)
    throw new Error('sha256Hex: crypto.subtle is unavailable (needs a secure context or Node ≥ 20)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
