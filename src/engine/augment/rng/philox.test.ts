// Philox4x32-10 against Random123's published known-answer vectors (Random123 tests/kat_vectors; the same
// three triples appear in TensorFlow's stateful_random_ops_test), and mulHiLo against BigInt.
import { describe, expect, it } from 'vitest';
import { mulHiLo, philox4x32 } from './philox.ts';

const hex = (a: ArrayLike<number>) => Array.from(a, (v) => (v >>> 0).toString(16).padStart(8, '0'));

describe('philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    expect(
      hex(philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff])),
    ).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    expect(
      hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])),
    ).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('mulHiLo equals the 64-bit product on random u32 pairs', () => {
    let s = 12345;
    const next = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s;
    };
    for (let i = 0; i < 2000; i++) {
      const a = next();
      const b = next();
      const p = BigInt(a) * BigInt(b);
      expect(mulHiLo(a, b)).toEqual([Number(p >> 32n), Number(p & 0xffffffffn)]);
    }
    expect(mulHiLo(0xffffffff, 0xffffffff)).toEqual([0xfffffffe, 1]);
  });
});
