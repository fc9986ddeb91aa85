// Compute-pipeline cache keyed by shader key + override constants: async compiles, shared while in flight,
// and WGSL compilation messages surfaced with the shader key.
import { GpuValidationError } from './errors.ts';

export interface PipelineSpec {
  /** Names the shader variant, e.g. 'matmul/tiled/a-vec4/b-scalar'. Shapes never go in here (they are uniforms). */
  key: string;
  /** Builds the WGSL source; only called on a cache miss. */
  code: () => string;
  constants?: Record<string, number>;
  entryPoint?: string;
}

/** A pipeline that may still be compiling: `pipeline` is set once `ready` resolved. */
export interface PipelineRef {
  key: string;
  pipeline: GPUComputePipeline | undefined;
  ready: Promise<GPUComputePipeline>;
}

export interface PipelineCacheStats {
  /** Pipelines compiled successfully. */
  compiled: number;
  /** Lookups answered from the cache or from an in-flight compile. */
  hits: number;
  inFlight: number;
}

export function pipelineCacheKey(spec: Pick<PipelineSpec, 'key' | 'constants' | 'entryPoint'>): string {
  const c = spec.constants;
  const consts = c
    ? Object.keys(c)
        .sort()
        .map((k) => `${k}=${c[k]}`)
        .join(',')
    : '';
  return `${spec.key}|${spec.entryPoint ?? 'main'}|${consts}`;
}

export class PipelineCache {
  private readonly refs = new Map<string, PipelineRef>();
  private compiled = 0;
  private hits = 0;
  private inFlight = 0;

  constructor(private readonly device: GPUDevice) {}

  /** The pipeline for spec, compiling it once; concurrent callers share one compile. */
  get(spec: PipelineSpec): Promise<GPUComputePipeline> {
    return this.ref(spec).ready;
  }

  /** Synchronous handle for recording a dispatch before the compile has finished (see CommandBatcher). */
  ref(spec: PipelineSpec): PipelineRef {
    const full = pipelineCacheKey(spec);
    const cached = this.refs.get(full);
    if (cached) {
      this.hits++;
      return cached;
    }
    const ref: PipelineRef = { key: full, pipeline: undefined, ready: undefined as never };
    this.inFlight++;
    ref.ready = this.compile(spec, full).then(
      (p) => {
        this.inFlight--;
        this.compiled++;
        ref.pipeline = p;
        return p;
      },
      (e: unknown) => {
        this.inFlight--;
        // A failed compile is not cached: a later call retries (and fails again with the same message).
        this.refs.delete(full);
        throw e;
      },
    );
    this.refs.set(full, ref);
    return ref;
  }

  stats(): PipelineCacheStats {
    return { compiled: this.compiled, hits: this.hits, inFlight: this.inFlight };
  }

  private async compile(spec: PipelineSpec, full: string): Promise<GPUComputePipeline> {
    const code = spec.code();
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ code, label: spec.key });
    const scope = this.device.popErrorScope();
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const lines = code.split('\n');
      const text = errors
        .map((m) => `${m.lineNum}:${m.linePos}: ${m.message}\n    ${lines[m.lineNum - 1]?.trim() ?? ''}`)
        .join('\n');
      throw new GpuValidationError(`WGSL compilation of shader '${spec.key}' failed`, `\n${text}`);
    }
    // Checked after the compilation messages, which say more than the validation error that wraps them.
    const scopeError = await scope;
    if (scopeError) throw new GpuValidationError(`shader '${spec.key}'`, scopeError.message);
    try {
      return await this.device.createComputePipelineAsync({
        label: full,
        layout: 'auto',
        compute: { module, entryPoint: spec.entryPoint ?? 'main', constants: spec.constants },
      });
    } catch (e) {
      throw new GpuValidationError(`pipeline '${full}'`, errorText(e));
    }
  }
}

function errorText(e: unknown): string {
  if (e instanceof GpuValidationError) return e.gpuMessage;
  return e instanceof Error ? e.message : String(e);
}
