// The tiny arithmetic reader for PaddleClas YAML numbers like "1.0/255.0".
import { describe, expect, it } from 'vitest';
import { evalArithmetic } from './expr.ts';

describe('evalArithmetic', () => {
  it('reads numbers and + − × ÷ with precedence and parentheses', () => {
    expect(evalArithmetic('1.0/255.0')).toBe(1 / 255);
    expect(evalArithmetic(' 2 + 3*4 ')).toBe(14);
    expect(evalArithmetic('(2+3)*4')).toBe(20);
    expect(evalArithmetic('-0.5')).toBe(-0.5);
    expect(evalArithmetic('1e-3*2')).toBe(0.002);
  });
  it('rejects anything else, saying where', () => {
    expect(() => evalArithmetic('__import__("os")')).toThrow(
      'cannot read "__import__("os")" as a number: expected a number at character 1',
    );
    expect(() => evalArithmetic('1/')).toThrow(/expected a number at character 3/);
    expect(() => evalArithmetic('2 3')).toThrow(/unexpected text/);
  });
});
