// Reads every entry of a dropped folder (FileSystemDirectoryEntry), shared by the screens that accept folder drops.

/** readEntries hands out at most ~100 entries per call: keep reading until it returns none. */
export function readDirectoryEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}
