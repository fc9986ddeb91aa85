// Types for mat-for-js (MATLAB v5 MAT-file reader), which ships none. Only what flowers102-mat.ts uses.
declare module 'mat-for-js' {
  /** Named variables of a MAT-file; 1×n and n×1 numeric arrays come back as flat number arrays. */
  export function read(data: ArrayBuffer): { header: string; data: Record<string, unknown> };
}
