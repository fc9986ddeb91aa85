// Test-only access to ../shared (models, data): WEBCLAS_SHARED or ../shared from the repo root, read-only.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const sharedDir = resolve(process.cwd(), process.env.WEBCLAS_SHARED ?? '../shared');

/** Bytes of a file under shared/, or a clear error saying where it was looked for. */
export function readShared(rel: string): Uint8Array {
  const path = resolve(sharedDir, rel);
  if (!existsSync(path)) {
    throw new Error(
      `missing shared file ${path}: set WEBCLAS_SHARED to the shared/ folder (default ../shared from the repo root)`,
    );
  }
  return new Uint8Array(readFileSync(path));
}
