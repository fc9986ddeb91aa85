// Activation references: known values, kink conventions, validation and backward vs finite differences.
import { describe, expect, it } from 'vitest';
import { randomF64, vjpMismatch } from '../../nn/ref/gradcheck.ts';
import { tensor64 } from '../../nn/ref/tensor64.ts';
import { type Activation, activationBackward, activationForward } from './activation.ref.ts';

const pts = tensor64([7], [-4, -3, -1, 0, 1, 3, 7]);

describe('activation references', () => {
  it('known values', () => {
    expect([...activationForward({ op: 'Relu' }, pts).data]).toEqual([0, 0, 0, 0, 1, 3, 7]);
    expect([...activationForward({ op: 'Clip', min: 0, max: 6 }, pts).data]).toEqual([0, 0, 0, 0, 1, 3, 6]);
    expect([...activationForward({ op: 'HardSigmoid' }, pts).data]).toEqual([0, 0, 0.3, 0.5, 0.7, 1, 1]);
    const hs = [...activationForward({ op: 'HardSwish' }, pts).data];
    expect(hs.map((v) => +v.toFixed(12))).toEqual([0, 0, -1 / 3, 0, 2 / 3, 3, 7].map((v) => +v.toFixed(12)));
    expect(activationForward({ op: 'Sigmoid' }, tensor64([1], [0])).data[0]).toBe(0.5);
  });

  it('kink conventions follow PyTorch', () => {
    const dy = tensor64([7], [1, 1, 1, 1, 1, 1, 1]);
    expect([...activationBackward({ op: 'Relu' }, pts, dy).data]).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect([...activationBackward({ op: 'Clip', min: -1, max: 3 }, pts, dy).data]).toEqual([
      0, 0, 1, 1, 1, 1, 0,
    ]);
  });

  it('validates', () => {
    expect(() => activationForward({ op: 'Clip', min: 2, max: 1 }, pts)).toThrow('Clip: min 2 > max 1');
    expect(() => activationBackward({ op: 'Relu' }, pts, tensor64([6]))).toThrow(
      'Relu backward: dY shape [6] ≠ input X shape [7]',
    );
  });

  const cases: [Activation, number[]][] = [
    [{ op: 'Relu' }, [0]],
    [{ op: 'Clip', min: -0.5, max: 0.6 }, [-0.5, 0.6]],
    [{ op: 'Clip', max: 0.2 }, [0.2]],
    [{ op: 'HardSigmoid' }, [-2.5, 2.5]],
    [{ op: 'HardSigmoid', alpha: 1 / 6, beta: 0.5 }, [-3, 3]],
    [{ op: 'HardSwish' }, [-3, 3]],
    [{ op: 'Sigmoid' }, []],
  ];
  for (const [a, kinks] of cases) {
    it(`${JSON.stringify(a)} backward vs finite differences (1e-6 rel, floor 1)`, () => {
      const shape = [2, 3, 4, 5];
      const x = tensor64(shape, randomF64(120, -5, 5, kinks));
      const dy = tensor64(shape, randomF64(120));
      const dx = activationBackward(a, x, dy);
      const f = ([xd]: Float64Array[]) => activationForward(a, { data: xd, shape }).data;
      expect(vjpMismatch(f, [x.data], dy.data, [dx.data], ['dX'])).toBeNull();
    });
  }
});
