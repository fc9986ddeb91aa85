// The test-side PaddleClas reader follows PaddleClas's rules where they bite: a space in a path splits the line,
// an absolute path escapes image_root, readlines ends lines at CR too, and Topk keeps spaces in class names.
import { describe, expect, it } from 'vitest';
import {
  pythonJoin,
  pythonReadlines,
  pythonStrip,
  readClassIdMap,
  readImageList,
} from './paddleclas-reader.ts';

describe('PaddleClas reader (test helper)', () => {
  it('reads image lists as ImageNetDataset does, refusing what it would misread', () => {
    expect(readImageList('jpg/a/x.jpg 3\r\njpg/b/y.jpg 0\n', './dataset/d/')).toEqual([
      { line: 1, path: 'dataset/d/jpg/a/x.jpg', label: 3 },
      { line: 2, path: 'dataset/d/jpg/b/y.jpg', label: 0 },
    ]);
    expect(() => readImageList('jpg/sweet pea/x.jpg 3\n', './dataset/d/')).toThrow(
      /line 1 .*: 3 fields, not 2/,
    );
    expect(() => readImageList('jpg/a\rb.jpg 3\n', './dataset/d/')).toThrow(/line 1 .*: 1 fields, not 2/);
    expect(() => readImageList('jpg/blüte.jpg 1\n', './dataset/d/')).toThrow(/not ASCII/);
    expect(() => readImageList('jpg/x.jpg one\n', './dataset/d/')).toThrow(/label "one" is not a number/);
    expect(readImageList('\x0bjpg/x.jpg 1 \n', 'r')[0]?.path).toBe('r/jpg/x.jpg');
  });

  it('joins and strips as Python does', () => {
    expect(pythonJoin('./dataset/d/', '/etc/x.jpg')).toBe('/etc/x.jpg');
    expect(pythonJoin('./dataset/d', '../../x.jpg')).toBe('x.jpg');
    expect(pythonStrip('\x1c\x85 a b\u2003\n')).toBe('a b');
    expect(pythonStrip('\ufeffa')).toBe('\ufeffa');
    expect(pythonReadlines('a\rb\r\nc\nd')).toEqual(['a\n', 'b\n', 'c\n', 'd']);
  });

  it('reads the label list as Topk does: everything after the first space is the name', () => {
    expect([...readClassIdMap('0 sweet pea\n1  spaced \n2 tab\tname\n')]).toEqual([
      [0, 'sweet pea'],
      [1, ' spaced '],
      [2, 'tab\tname'],
    ]);
    expect(() => readClassIdMap('sweet pea 0\n')).toThrow(/int\(\) fails/);
  });
});
