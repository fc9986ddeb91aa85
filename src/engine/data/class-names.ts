// Class names that look like other names: invisible characters (zero-width, BOM, soft hyphen), direction controls
// (RTL overrides, isolates), letters of another script that look Latin, and pairs of names that are the same
// after removing invisibles, Unicode normalisation (NFC, NFKC) or case. Each gets a `lookalike-name` warning.
//
// Decision: a name in decomposed form (NFD, as macOS writes folder names) is stored in NFC when no other class
// has the same NFC form, so a model trained on a dataset zipped on a Mac and one unzipped elsewhere name their
// classes alike (webclas eval maps labels by name). Nothing else is rewritten: two classes are never merged, and
// invisible characters are kept (stripping them could merge two classes, or hide what the warning is about).
import type { ImportProblem } from './report.ts';

/** Characters a reader cannot see: Unicode's default-ignorable code points (zero-width, bidi, BOM…) and controls. */
const invisible = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;
const bidiControl = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const latin = /\p{Script=Latin}/u;
const latinLookalikes = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The name with every invisible character written as `<U+200B>`, so a report line shows it and is not reordered. */
export function visibleName(name: string): string {
  return name.replace(invisible, (c) => `<${codePoint(c)}>`);
}

/** Class names to store (NFC where that collides with nothing) and a warning per lookalike name. */
export function reviewClassNames(
  classes: readonly string[],
  origins: ReadonlyArray<{ file: string; line?: number }>,
): { classes: string[]; problems: ImportProblem[] } {
  const nfc = classes.map((n) => n.normalize('NFC'));
  const sameNfc = new Map<string, number>();
  for (const n of nfc) sameNfc.set(n, (sameNfc.get(n) ?? 0) + 1);
  const stored = classes.map((n, i) => (sameNfc.get(nfc[i]!) === 1 ? nfc[i]! : n));

  const problems: ImportProblem[] = [];
  const warn = (i: number, reason: string) =>
    problems.push({ ...origins[i]!, severity: 'warning', code: 'lookalike-name', reason });
  const firstByKey = new Map<string, number>();
  classes.forEach((name, i) => {
    const shown = `class name '${visibleName(name)}'`;
    const hidden = [...new Set(name.match(invisible) ?? [])].map(codePoint);
    if (hidden.length) {
      const what = bidiControl.test(name) ? 'invisible or text-direction characters' : 'invisible characters';
      warn(i, `${shown} contains ${what} (${hidden.join(', ')}): it may look like another name`);
    }
    if (latin.test(name) && latinLookalikes.test(name))
      warn(i, `${shown} mixes Latin with Cyrillic or Greek letters, some of which look like Latin ones`);
    const key = lookalikeKey(name);
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, i);
      return;
    }
    warn(
      i,
      `${shown} looks like class '${visibleName(classes[first]!)}' (${sameAfter(classes[first]!, name)}); they stay two classes`,
    );
  });
  return { classes: stored, problems };
}

/** Invisibles removed, compatibility forms folded (full-width letters, no-break spaces, ligatures), case folded. */
function lookalikeKey(name: string): string {
  return name.replace(invisible, '').normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** The first step after which two lookalike names are equal. */
function sameAfter(a: string, b: string): string {
  const strip = (s: string) => s.replace(invisible, '');
  if (strip(a) === strip(b)) return 'the same without invisible characters';
  if (strip(a).normalize('NFC') === strip(b).normalize('NFC'))
    return 'the same after Unicode NFC normalisation (composed vs decomposed accents)';
  if (strip(a).normalize('NFKC') === strip(b).normalize('NFKC'))
    return 'the same after NFKC folding (full-width letters, no-break spaces, ligatures)';
  return 'the same ignoring letter case';
}
