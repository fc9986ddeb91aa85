// Locates ../shared (read-only data and models) for Node tests: WEBCLAS_SHARED or ../shared from the repo root.
/// <reference types="node" />
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (three folders above src/engine/zoo/testing). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Absolute path of a file under the shared folder; throws a clear message when it is missing. */
export function sharedPath(...parts: string[]): string {
  const root = resolve(repoRoot, process.env.WEBCLAS_SHARED ?? '../shared');
  const p = resolve(root, ...parts);
  if (!existsSync(p)) {
    throw new Error(`shared file missing: ${p} (set WEBCLAS_SHARED to the folder holding data/ and models/)`);
  }
  return p;
}
