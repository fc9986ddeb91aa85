// The bytes the check step reads (to hash each file) kept for the staging step, up to a budget, so an import
// reads each dropped file once instead of twice. Each held file is handed out once, then dropped.
import type { DataFile } from '../file-tree.ts';
import { type StageClock, timed } from './stage-clock.ts';

export class HeldBytes {
  private readonly held = new Map<string, Uint8Array>();
  private total = 0;

  constructor(private readonly budget: number) {}

  /** The same file, its reads going through the holder (the Blob and other fields are kept). */
  wrap<F extends DataFile>(file: F, clock?: StageClock): F {
    return {
      ...file,
      read: async () => {
        const have = this.held.get(file.path);
        if (have) {
          this.held.delete(file.path);
          this.total -= have.byteLength;
          return have;
        }
        const bytes = await timed(clock, 'read', () => file.read());
        if (this.total + bytes.byteLength <= this.budget) {
          this.held.set(file.path, bytes);
          this.total += bytes.byteLength;
        }
        return bytes;
      },
    };
  }

  get heldBytes(): number {
    return this.total;
  }
}
