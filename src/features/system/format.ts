// How the System panel writes numbers and flags: binary byte units, yes/no, compact limit values.

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → '1.5 KiB'; three significant digits are plenty for quotas and limits. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return 'unknown';
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${bytes} B`;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${Number(v.toFixed(digits))} ${units[u]}`;
}

export function yesNo(v: boolean | null | undefined): string {
  return v === null || v === undefined ? 'unknown' : v ? 'yes' : 'no';
}

/** Limits named *Size (in bytes) read better with units; counts stay plain, with thousands separators. */
export function formatLimit(name: string, value: number): string {
  return isByteLimit(name) ? formatBytes(value) : value.toLocaleString('en-US');
}

export function isByteLimit(name: string): boolean {
  return /Buffer(Binding)?Size$|StorageSize$/.test(name);
}

export function percent(part: number | null, whole: number | null): string {
  if (part === null || whole === null || whole <= 0) return 'unknown';
  const p = (100 * part) / whole;
  return p > 0 && p < 0.01 ? '< 0.01%' : `${p.toFixed(2)}%`;
}
