// Import progress: files and bytes done out of a total, and an ETA from the byte rate of the current phase.

/** `reading`: list/label-list/CSV lines parsed (filesDone/filesTotal count lines in that phase). */
export type ImportPhase = 'reading' | 'checking' | 'storing' | 'processing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Milliseconds left in this phase, null until there is a rate to go on. */
  etaMs: number | null;
}

export class ProgressMeter {
  private startedAt: number;
  private startBytes: number;
  filesDone = 0;
  bytesDone = 0;

  constructor(
    readonly phase: ImportPhase,
    readonly filesTotal: number,
    readonly bytesTotal: number,
    private readonly now: () => number,
    /** Work already done before this run (a resume), which must not count toward the rate. */
    already: { files: number; bytes: number } = { files: 0, bytes: 0 },
  ) {
    this.filesDone = already.files;
    this.bytesDone = already.bytes;
    this.startBytes = already.bytes;
    this.startedAt = now();
  }

  add(files: number, bytes: number): void {
    this.filesDone += files;
    this.bytesDone += bytes;
  }

  snapshot(): ImportProgress {
    const elapsed = this.now() - this.startedAt;
    const doneHere = this.bytesDone - this.startBytes;
    const left = Math.max(0, this.bytesTotal - this.bytesDone);
    const etaMs =
      left === 0 ? 0 : doneHere > 0 && elapsed > 0 ? Math.round((left * elapsed) / doneHere) : null;
    return {
      phase: this.phase,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      etaMs,
    };
  }
}

export function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating…';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s left`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s left`;
}
