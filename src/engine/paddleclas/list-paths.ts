// Image paths for PaddleClas list files (`path label` lines). PaddleClas's ImageNetDataset splits each stripped line
// on its `delimiter` (a space unless the dataset config sets one) and joins field 0 to image_root
// (ppcls/data/dataloader/imagenet_dataset.py, `_load_anno`), reading the list in the locale's encoding: so a
// "jpg/sweet pea/x.jpg 3" line is unreadable there. Every path written here is ASCII letters, digits and `._-`
// only, relative, under `jpg/`, and unique even on case-insensitive file systems; folders keep their grouping.

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_NAME = 80;

/**
 * One file or folder name as safe ASCII: accents dropped (NFKD), other runs of characters outside `A-Za-z0-9._-`
 * become `_`, no leading `-`, `.` or `_` (no option-looking or hidden names), no trailing `.` or `_`; '' when
 * nothing usable is left.
 */
export function safeSegment(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[-._]+/, '')
    .slice(0, MAX_NAME)
    .replace(/[._]+$/, '');
  return WINDOWS_RESERVED.test(s) ? `${s}_` : s;
}

/** `stem` + `ext` of a file name; the extension only when it is short plain ASCII (.jpg, .JPEG, .webp). */
function splitExt(name: string): { stem: string; ext: string } {
  const m = /^([\s\S]*)\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? { stem: m[1]!, ext: `.${m[2]}` } : { stem: name, ext: '' };
}

/**
 * The list path of each source path, in order: `jpg/` + its folders and name made safe (a leading `jpg/` of the
 * source is not repeated; empty, `.` and `..` parts are dropped). Two sources that come out equal — ignoring
 * case — get `_2`, `_3`… before the extension, so every image keeps its own file.
 */
export function paddleListPaths(sources: readonly string[]): string[] {
  const used = new Set<string>();
  const dirs = new Map<string, string>();
  const claim = (parent: string, stem: string, ext: string): string => {
    for (let n = 1; ; n++) {
      const path = `${parent}/${stem}${n === 1 ? '' : `_${n}`}${ext}`;
      if (!used.has(path.toLowerCase())) {
        used.add(path.toLowerCase());
        return path;
      }
    }
  };
  return sources.map((source) => {
    const parts = source.split(/[/\\]/).filter((p) => p !== '' && p !== '.' && p !== '..');
    if (parts[0] === 'jpg' && parts.length > 1) parts.shift();
    const file = parts.pop() ?? '';
    let dir = 'jpg';
    let key = '';
    for (const part of parts) {
      key += `/${part}`;
      let safe = dirs.get(key);
      if (safe === undefined) {
        safe = claim(dir, safeSegment(part) || 'folder', '');
        dirs.set(key, safe);
      }
      dir = safe;
    }
    const { stem, ext } = splitExt(file);
    return claim(dir, safeSegment(stem) || 'image', ext);
  });
}
