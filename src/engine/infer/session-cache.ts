// ONNX Runtime sessions keyed by model + execution provider: created once (with ORT's node-placement log captured),
// warmed up with one run, reused by every later classification. Runtime-neutral: the caller passes the ORT module.
import type * as Ort from 'onnxruntime-web';
import { captureConsole, installConsoleTap, type PlacementReport, parsePlacement } from './placement.ts';

export type OrtModule = typeof Ort;
export type Backend = 'webgpu' | 'wasm';

export interface SessionInfo {
  key: string;
  backend: Backend;
  inputName: string;
  outputName: string;
  createMs: number;
  warmupMs: number;
  placement: PlacementReport;
}

export interface CachedSession {
  session: Ort.InferenceSession;
  info: SessionInfo;
}

export interface SessionRequest {
  /** Identifies the model bytes (e.g. `${id}/${variant}` or a local model's sha256). */
  modelKey: string;
  bytes: Uint8Array;
  backend: Backend;
  /** The shared device for the WebGPU EP (ORT then runs on the studio's own device). */
  device?: GPUDevice;
  /** Graph input/output names from the manifest; null/undefined = the session's first. */
  inputName?: string | null;
  outputName?: string | null;
  /** Model input [C,H,W] or [H,W,C] for the warm-up run. */
  warmupDims: number[];
  /** Log verbosely while creating, to capture node placements (default true; pointless in Node, see placement.ts). */
  capturePlacement?: boolean;
}

export class SessionCache {
  private readonly sessions = new Map<string, Promise<CachedSession>>();
  /** ORT refuses concurrent session creation on WebGPU; chain them. */
  private chain: Promise<unknown> = Promise.resolve();

  /** Create it before ORT's first session anywhere in this realm, so node placements can be captured. */
  constructor(private readonly ort: OrtModule) {
    installConsoleTap();
  }

  static key(modelKey: string, backend: Backend): string {
    return `${modelKey}@${backend}`;
  }

  get(r: SessionRequest): Promise<CachedSession> {
    const key = SessionCache.key(r.modelKey, r.backend);
    let s = this.sessions.get(key);
    if (!s) {
      s = this.chain.then(() => this.create(key, r));
      this.chain = s.catch(() => undefined);
      this.sessions.set(key, s);
      // A failed creation is not cached: the next call tries again.
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  has(modelKey: string, backend: Backend): boolean {
    return this.sessions.has(SessionCache.key(modelKey, backend));
  }

  async release(modelKey: string, backend: Backend): Promise<void> {
    const key = SessionCache.key(modelKey, backend);
    const s = this.sessions.get(key);
    this.sessions.delete(key);
    await (await s?.catch(() => undefined))?.session.release();
  }

  async releaseAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s.catch(() => undefined))?.session.release();
  }

  private async create(key: string, r: SessionRequest): Promise<CachedSession> {
    const { ort } = this;
    if (r.backend === 'webgpu' && !r.device)
      throw new Error(`session ${key}: the WebGPU backend needs the shared GPUDevice`);
    const ep: Ort.InferenceSession.ExecutionProviderConfig =
      r.backend === 'webgpu'
        ? ({ name: 'webgpu', device: r.device } as Ort.InferenceSession.ExecutionProviderConfig)
        : 'wasm';
    const verbose = r.capturePlacement !== false;
    const options: Ort.InferenceSession.SessionOptions = {
      executionProviders: [ep],
      graphOptimizationLevel: 'all',
      // Verbose only while creating: that is when ORT prints where each node was placed.
      logSeverityLevel: verbose ? 0 : 2,
      logVerbosityLevel: 0,
      ...(r.backend === 'webgpu' ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
    };
    const level = ort.env.logLevel;
    if (verbose) ort.env.logLevel = 'verbose';
    const t0 = performance.now();
    let session: Ort.InferenceSession;
    let lines: string[];
    try {
      ({ value: session, lines } = await captureConsole(() => ort.InferenceSession.create(r.bytes, options)));
    } catch (e) {
      throw new Error(
        `ONNX Runtime could not load ${r.modelKey} on ${r.backend}: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      ort.env.logLevel = level;
    }
    const createMs = performance.now() - t0;
    // The verbose level stays on the session: run with warnings only.
    const inputName = pickName('input', r.inputName, session.inputNames, r.modelKey);
    const outputName = pickName('output', r.outputName, session.outputNames, r.modelKey);
    const t1 = performance.now();
    const warm = new Float32Array(r.warmupDims.reduce((a, b) => a * b, 1));
    const out = await session.run(
      { [inputName]: new ort.Tensor('float32', warm, [1, ...r.warmupDims]) },
      [outputName],
      {
        logSeverityLevel: 2,
      },
    );
    await out[outputName].getData(true);
    const warmupMs = performance.now() - t1;
    return {
      session,
      info: {
        key,
        backend: r.backend,
        inputName,
        outputName,
        createMs,
        warmupMs,
        placement: parsePlacement(lines),
      },
    };
  }
}

function pickName(
  what: string,
  wanted: string | null | undefined,
  names: readonly string[],
  model: string,
): string {
  if (wanted == null) {
    if (names.length === 0) throw new Error(`${model}: the model has no ${what}s`);
    return names[0];
  }
  if (!names.includes(wanted)) {
    throw new Error(`${model}: the manifest names ${what} "${wanted}" but the model has ${names.join(', ')}`);
  }
  return wanted;
}
