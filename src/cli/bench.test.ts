import { describe, expect, it } from 'vitest';
import { formatTable } from './bench.ts';

describe('formatTable', () => {
  it('aligns columns and shows the ratio with a × sign', () => {
    const t = formatTable([
      {
        bench: 'matmul',
        case: '256',
        unit: 'GFLOP/s',
        ours: 1.5,
        baseline: 'tfjs-webgpu',
        baseline_value: 0.75,
        ratio: 2,
      },
      {
        bench: 'matmul',
        case: '1024',
        unit: 'GFLOP/s',
        ours: 123.4,
        baseline: 'naive',
        baseline_value: 10,
        ratio: 12.34,
      },
    ]).split('\n');
    expect(t).toHaveLength(4);
    expect(new Set(t.map((l) => l.length)).size).toBe(1);
    expect(t[2]).toContain('2.00×');
    expect(t[3]).toContain('123');
    expect(t[3]).toContain('12.34×');
  });
});
