// Lookalike class names, generated here: zero-width and direction characters, NFC vs NFD, full-width letters,
// case, Cyrillic letters in a Latin name. Each is a warning on its class; only a lone NFD name is rewritten (NFC).
import { describe, expect, it } from 'vitest';
import { checkDataset } from './check-dataset.ts';
import { reviewClassNames, visibleName } from './class-names.ts';
import { memoryFile } from './file-tree.ts';
import { encodePng } from './testing/png-encode.ts';

const png = (w: number) => encodePng({ width: w, height: 4, colourType: 2, bitDepth: 8 });
const rose = 'rose';
const zeroWidth = 'ro\u200bse';
const rtl = '\u202edaisy';
const nfd = 'cafe\u0301';
const nfc = 'caf\u00e9';

describe('class names that look alike', () => {
  it('warns on each lookalike folder class and keeps them distinct', async () => {
    const names = [
      rose,
      zeroWidth,
      rtl,
      'daisy',
      'Tulip',
      'tulip',
      'ｌｉｌｙ',
      'lily',
      'r\u043ese',
      nfd,
      nfc,
    ];
    const files = names.flatMap((n, k) => [0, 1].map((i) => memoryFile(`flowers/${n}/${i}.png`, png(3 + k))));
    const report = await checkDataset({ files });
    expect(report.classes).toHaveLength(names.length);
    const lines = report.problems
      .filter((p) => p.code === 'lookalike-name')
      .map((p) => `${p.file}: ${p.reason}`);
    expect(lines.sort()).toEqual(
      [
        `${zeroWidth}: class name 'ro<U+200B>se' contains invisible characters (U+200B): it may look like another name`,
        `${zeroWidth}: class name 'ro<U+200B>se' looks like class 'rose' (the same without invisible characters); they stay two classes`,
        `${rtl}: class name '<U+202E>daisy' contains invisible or text-direction characters (U+202E): it may look like another name`,
        `${rtl}: class name '<U+202E>daisy' looks like class 'daisy' (the same without invisible characters); they stay two classes`,
        "tulip: class name 'tulip' looks like class 'Tulip' (the same ignoring letter case); they stay two classes",
        "ｌｉｌｙ: class name 'ｌｉｌｙ' looks like class 'lily' (the same after NFKC folding (full-width letters, no-break spaces, ligatures)); they stay two classes",
        "r\u043ese: class name 'r\u043ese' mixes Latin with Cyrillic or Greek letters, some of which look like Latin ones",
        `${nfc}: class name '${nfc}' looks like class '${nfd}' (the same after Unicode NFC normalisation (composed vs decomposed accents)); they stay two classes`,
      ].sort(),
    );
    // Classes are in code-point order, so the later of each pair carries the line.
    expect(report.items).toHaveLength(names.length * 2);
  });

  it('stores a lone decomposed name in NFC, and leaves names that would collide as written', () => {
    const origins = [{ file: 'a' }, { file: 'b' }];
    const lone = reviewClassNames([nfd, 'rose'], origins);
    expect(lone.classes).toEqual([nfc, 'rose']);
    expect(lone.problems).toEqual([]);
    const both = reviewClassNames([nfd, nfc], origins);
    expect(both.classes).toEqual([nfd, nfc]);
    expect(both.problems.map((p) => p.file)).toEqual(['b']);
    expect(reviewClassNames(['rose', 'daisy'], origins)).toEqual({
      classes: ['rose', 'daisy'],
      problems: [],
    });
  });

  it('writes invisible characters as code points in report text', () => {
    expect(visibleName('a\u200d\ufeffb\u2066c')).toBe('a<U+200D><U+FEFF>b<U+2066>c');
    expect(visibleName('plain name')).toBe('plain name');
  });
});
