// Label-source mapping, checked with the real ImageNet-1k names from ../shared/models/imagenet-labels.txt.
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imagenetIndex, labelName } from './labels.ts';
import { sharedPath } from './testing/shared-dir.ts';

const names = readFileSync(sharedPath('models', 'imagenet-labels.txt'), 'utf8').trimEnd().split('\n');

describe('labels', () => {
  it('maps imagenet-1k directly and shifts 1001-background by one', () => {
    expect(names).toHaveLength(1000);
    const i = Math.floor(Math.random() * 1000);
    expect(imagenetIndex('imagenet-1k', i)).toBe(i);
    expect(imagenetIndex('1001-background', i + 1)).toBe(i);
    expect(imagenetIndex('1001-background', 0)).toBeNull();
    expect(labelName('1001-background', 0, names)).toBe('background');
    expect(labelName('imagenet-1k', 967, names)).toBe('espresso');
    expect(labelName('1001-background', 968, names)).toBe('espresso');
    expect(() => imagenetIndex('imagenet-1k', 1000)).toThrow(
      'label index 1000 is outside 0..999 for label source imagenet-1k',
    );
    expect(() => labelName('imagenet-1k', 1, names.slice(1))).toThrow(
      'expected 1000 ImageNet-1k names, got 999',
    );
  });
});
