// The GPU worker's classification half: resolves models (zoo entries fetched on first use into the model store,
// or the user's local .onnx files), picks the backend (measured choice or the setting), and runs ClassifyRunner.
import type { DeviceManager } from '../src/engine/gpu/device-manager.ts';
import { type LocalModelIndex, localModelKey } from '../src/engine/infer/local-models.ts';
import { resolveLocalModel, resolveZooModel } from '../src/engine/infer/model-source.ts';
import { cpuFallback, describePlacement, installConsoleTap } from '../src/engine/infer/placement.ts';
import { parseImagenetNames, type ResolvedModel } from '../src/engine/infer/resolved-model.ts';
import { ClassifyRunner } from '../src/engine/infer/runner.ts';
import type { OrtModule, SessionInfo } from '../src/engine/infer/session-cache.ts';
import type { BackendChoice } from '../src/engine/platform/backend-choice.ts';
import { sha256Hex } from '../src/engine/zoo/download.ts';
import { findEntry, type ZooManifest } from '../src/engine/zoo/manifest.ts';
import { fetchPinnedFile } from '../src/engine/zoo/pinned-file.ts';
import { integrityText } from '../src/engine/zoo/status.ts';
import type { ModelStore } from '../src/engine/zoo/store.ts';
import type {
  ClassifySettings,
  ClassifyWorkerApi,
  ModelRef,
  PreparedModel,
  ResolvedBackend,
} from './gpu-api.ts';

export interface ClassifyServiceDeps {
  manager: DeviceManager | undefined;
  /** The worker's automatic backend decision (backend-choice.ts over the adapter facts). */
  chooseBackend: () => Promise<BackendChoice>;
  loadOrtWebGpu: () => Promise<OrtModule>;
  loadOrtWasm: () => Promise<OrtModule>;
  openStore: () => Promise<ModelStore>;
  openLocalIndex: () => Promise<LocalModelIndex>;
  loadManifest: () => Promise<ZooManifest>;
  fetch?: typeof fetch;
}

const refKey = (ref: ModelRef) =>
  ref.kind === 'zoo' ? `zoo:${ref.id}/${ref.variant ?? ''}` : `local:${ref.id}`;

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= make().catch((e) => {
      p = undefined;
      throw e;
    });
    return p;
  };
}

export function placementNote(info: SessionInfo): string {
  return describePlacement(info.placement, info.backend);
}

export function createClassifyService(d: ClassifyServiceDeps): ClassifyWorkerApi {
  // Before any ORT module initialises in this worker (the System panel's probe included), or placements are lost.
  installConsoleTap();
  const doFetch = d.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const store = once(d.openStore);
  const localIndex = once(d.openLocalIndex);
  const manifest = once(d.loadManifest);
  const ortWasm = once(d.loadOrtWasm);
  const runner = new ClassifyRunner({
    ortWebGpu: once(d.loadOrtWebGpu),
    ortWasm,
    gpu: async () => {
      if (!d.manager)
        throw new Error('WebGPU inference needs navigator.gpu, which this worker does not have');
      return d.manager.get();
    },
  });
  // Sessions on a lost device are dead: drop them so the next call builds fresh ones on the new device.
  d.manager?.onLost(() => {
    runner.dispose().catch(() => undefined);
  });
  const resolved = new Map<string, Promise<ResolvedModel & { cached: boolean; integrity: string }>>();
  const imagenet = new Map<string, Promise<{ names: string[] | null; problem?: string }>>();
  let download: AbortController | undefined;

  function imagenetNames(mirror: string | null): Promise<{ names: string[] | null; problem?: string }> {
    const key = mirror ?? '';
    let p = imagenet.get(key);
    if (!p) {
      // The standard list is served beside the models on the mirror, and accepted only with its pinned sha256
      // (a relabelled list would mislabel every result); without it, index numbers are shown with the reason.
      p = mirror
        ? manifest()
            .then((m) => fetchPinnedFile(mirror, m.imagenetLabels, doFetch))
            .then((bytes) => ({ names: parseImagenetNames(new TextDecoder().decode(bytes)) }))
        : Promise.resolve({ names: null, problem: 'no mirror serves the ImageNet label list' });
      p = p.catch((e: unknown) => ({
        names: null,
        problem: `ImageNet label list refused: ${e instanceof Error ? e.message : String(e)}`,
      }));
      imagenet.set(key, p);
    }
    return p;
  }

  async function resolve(
    ref: ModelRef,
    settings: ClassifySettings,
    onProgress?: Parameters<ClassifyWorkerApi['prepareModel']>[2],
  ): Promise<ResolvedModel & { cached: boolean; integrity: string }> {
    const key = `${refKey(ref)}@${settings.mirror ?? ''}`;
    let p = resolved.get(key);
    if (!p) {
      p = (async () => {
        if (ref.kind === 'local') {
          const info = await (await localIndex()).get(ref.id);
          const got = await (await store()).get(localModelKey(ref.id));
          if (!info || !got) throw new Error(`local model ${ref.id} is not in "My models" (was it deleted?)`);
          return {
            ...resolveLocalModel(
              localModelKey(ref.id),
              info.name,
              got.data,
              info.labelsText,
              info.labelsFile ?? undefined,
            ),
            cached: true,
            integrity: 'your own file (not checked against a published hash)',
          };
        }
        const entry = findEntry(await manifest(), ref.id);
        const controller = new AbortController();
        download = controller;
        try {
          const labels = await imagenetNames(settings.mirror);
          const m = await resolveZooModel(entry, {
            store: await store(),
            mirror: settings.mirror ?? undefined,
            variant: ref.variant,
            allowUnverified: ref.allowUnverified,
            imagenetNames: labels.names,
            labelsProblem: labels.problem,
            onProgress: (e) => {
              Promise.resolve(onProgress?.(e)).catch(() => undefined);
            },
            signal: controller.signal,
            fetch: doFetch,
          });
          return { ...m, cached: false, integrity: integrityText(m) };
        } finally {
          if (download === controller) download = undefined;
        }
      })();
      resolved.set(key, p);
      p.catch(() => resolved.delete(key));
    }
    return p;
  }

  async function backendFor(settings: ClassifySettings): Promise<ResolvedBackend> {
    if (settings.backend !== 'auto') {
      return {
        backend: settings.backend,
        reason: `Forced to ${settings.backend.toUpperCase()} in Settings.`,
        overridden: true,
      };
    }
    const c = await d.chooseBackend();
    return { backend: c.backend, reason: c.reason, overridden: false };
  }

  return {
    async prepareModel(ref, settings, onProgress) {
      const model = await resolve(ref, settings, onProgress);
      const backend = await backendFor(settings);
      const session = await runner.prepare(model, backend.backend);
      const cpu = cpuFallback(session.placement, session.backend);
      const prepared: PreparedModel = {
        modelKey: model.modelKey,
        displayName: model.displayName,
        labelSource: model.labelSource,
        backend,
        session,
        cpuNodes: cpu ?? null,
        placementNote: placementNote(session),
        bytes: model.bytes.byteLength,
        cached: model.cached,
        integrity: model.integrity,
      };
      return prepared;
    },
    cancelModelDownload() {
      download?.abort(new DOMException('download cancelled', 'AbortError'));
    },
    async classifyFiles(ref, settings, files, k = 5) {
      const model = await resolve(ref, settings);
      const { backend } = await backendFor(settings);
      return runner.classify(model, backend, files, k);
    },
    async storedModels() {
      const s = await store();
      return { stored: await s.list(), usage: await s.usage() };
    },
    async deleteStoredModel(key) {
      for (const [k, p] of resolved) {
        if ((await p.catch(() => undefined))?.modelKey === key) resolved.delete(k);
      }
      return (await store()).delete(key);
    },
    async addLocalModel(file, labels) {
      const sha256 = await sha256Hex(file.bytes);
      const id = sha256.slice(0, 16);
      // Parse now so a bad labels file or a non-ONNX file is refused at once, naming the file.
      let model: ResolvedModel;
      try {
        model = resolveLocalModel(
          localModelKey(id),
          file.name,
          file.bytes,
          labels?.text ?? null,
          labels?.name,
        );
      } catch (e) {
        throw new Error(`${file.name} was not added: ${e instanceof Error ? e.message : String(e)}`);
      }
      const ort = await ortWasm();
      const probe = await ort.InferenceSession.create(model.bytes).catch((e: unknown) => {
        throw new Error(
          `${file.name} is not a model ONNX Runtime can load: ${e instanceof Error ? e.message : String(e)}`,
        );
      });
      await probe.release();
      await (await store()).put(
        {
          key: localModelKey(id),
          url: `local:${file.name}`,
          bytes: file.bytes.byteLength,
          sha256,
          verified: false,
        },
        file.bytes,
      );
      const info = {
        id,
        name: file.name,
        bytes: file.bytes.byteLength,
        sha256,
        labelsText: labels?.text ?? null,
        labelsFile: labels?.name ?? null,
        addedAt: Date.now(),
      };
      await (await localIndex()).put(info);
      for (const k of [...resolved.keys()]) if (k.startsWith(`local:${id}@`)) resolved.delete(k);
      return info;
    },
    async listLocalModels() {
      return (await localIndex()).list();
    },
    async deleteLocalModel(id) {
      await (await localIndex()).delete(id);
      await (await store()).delete(localModelKey(id));
      for (const k of [...resolved.keys()]) if (k.startsWith(`local:${id}@`)) resolved.delete(k);
    },
  };
}
