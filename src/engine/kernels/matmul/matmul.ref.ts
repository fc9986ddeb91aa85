// Float64 reference matmul and the shape plan shared with the kernels: optional batch dim (broadcast when one
// side has none or batch 1) and transposed A/B flags, as element strides.
import { formatShape } from '../../gpu/tensor.ts';

export interface MatmulFlags {
  transA?: boolean;
  transB?: boolean;
}

export interface MatmulPlan {
  M: number;
  N: number;
  K: number;
  batch: number;
  outShape: number[];
  /** Element strides of logical A[batch, m, k] (batch stride 0 when A is broadcast). */
  a: { batch: number; row: number; col: number };
  /** Element strides of logical B[batch, k, n]. */
  b: { batch: number; row: number; col: number };
}

export function planMatmul(
  aShape: readonly number[],
  bShape: readonly number[],
  flags: MatmulFlags = {},
): MatmulPlan {
  const what = `MatMul: A ${formatShape(aShape)}${flags.transA ? 'ᵀ' : ''} and B ${formatShape(bShape)}${flags.transB ? 'ᵀ' : ''}`;
  for (const [s, name] of [
    [aShape, 'A'],
    [bShape, 'B'],
  ] as const) {
    if (s.length < 2 || s.length > 3)
      throw new Error(`${what}: ${name} must have rank 2 or 3, got ${s.length}`);
  }
  const [ar, ac] = aShape.slice(-2);
  const [br, bc] = bShape.slice(-2);
  const [M, Ka] = flags.transA ? [ac, ar] : [ar, ac];
  const [Kb, N] = flags.transB ? [bc, br] : [br, bc];
  if (Ka !== Kb) throw new Error(`${what}: inner dimensions ${Ka} ≠ ${Kb}`);
  const batchA = aShape.length === 3 ? aShape[0] : 1;
  const batchB = bShape.length === 3 ? bShape[0] : 1;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
    throw new Error(`${what}: batch sizes ${batchA} and ${batchB} do not broadcast`);
  }
  const batch = Math.max(batchA, batchB);
  const K = Ka;
  const outShape = aShape.length === 2 && bShape.length === 2 ? [M, N] : [batch, M, N];
  return {
    M,
    N,
    K,
    batch,
    outShape,
    a: {
      batch: batchA === 1 ? 0 : M * K,
      row: flags.transA ? 1 : K,
      col: flags.transA ? M : 1,
    },
    b: {
      batch: batchB === 1 ? 0 : K * N,
      row: flags.transB ? 1 : N,
      col: flags.transB ? K : 1,
    },
  };
}

export function matmulRef(
  a: ArrayLike<number>,
  aShape: number[],
  b: ArrayLike<number>,
  bShape: number[],
  flags: MatmulFlags = {},
): { data: Float64Array; shape: number[] } {
  const p = planMatmul(aShape, bShape, flags);
  const data = new Float64Array(p.batch * p.M * p.N);
  for (let z = 0; z < p.batch; z++) {
    for (let m = 0; m < p.M; m++) {
      for (let n = 0; n < p.N; n++) {
        let acc = 0;
        for (let k = 0; k < p.K; k++) {
          acc += a[z * p.a.batch + m * p.a.row + k * p.a.col] * b[z * p.b.batch + k * p.b.row + n * p.b.col];
        }
        data[(z * p.M + m) * p.N + n] = acc;
      }
    }
  }
  return { data, shape: p.outShape };
}
