// What `webclas train` / `webclas eval` pass to their browser tasks (JSON in one string arg), and base64 helpers
// for the bytes that travel both ways.
import type { Recipe } from './recipe.ts';

export const PAYLOAD_ARG = 'payload';

export interface ImageEntry {
  name: string;
  base64: string;
  label: number;
}

export interface TrainPayload {
  modelName: string;
  modelBase64: string;
  classes: string[];
  train: ImageEntry[];
  val: ImageEntry[];
  recipe: Recipe;
  /** Head mode: where backbone features are computed (the engine on WebGPU, or ORT WASM on the CPU). */
  features: 'gpu' | 'wasm';
  /** Recorded in the exported model's training metadata. */
  dataset: string;
  /** How train/val were cut (recorded too, so `webclas eval --split val` scores the same held-out images). */
  split?: TrainSplit;
}

export interface TrainSplit {
  /** 'dataset': the dataset's own val list; 'stratified': a seeded per-class cut of `fraction`; 'none'. */
  source: 'dataset' | 'stratified' | 'none';
  fraction: number;
  seed: number;
}

export interface EvalPayload {
  modelName: string;
  modelBase64: string;
  classes: string[];
  images: ImageEntry[];
  size: number;
  batch: number;
  /** The engine's eval forward on WebGPU, or ORT WASM on the CPU (the same logits within 1e-4). */
  backend: 'engine' | 'wasm';
}

export function readPayload<T>(args: Record<string, unknown>, command: string): T {
  const raw = args[PAYLOAD_ARG];
  if (typeof raw !== 'string')
    throw new Error(`${command} task: missing payload (run it through \`webclas ${command}\`)`);
  return JSON.parse(raw) as T;
}

export function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  // Chunked: String.fromCharCode(...) on megabytes at once overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
