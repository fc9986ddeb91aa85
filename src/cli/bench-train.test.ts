// `webclas bench train` reads the model on the Node side and hands the task its bytes as a JSON payload.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromBase64, PAYLOAD_ARG } from '../engine/nn/loop/task-payload.ts';
import { benchNames, trainBenchArgs } from './bench.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainBenchArgs', () => {
  it('is a known bench', () => {
    expect(benchNames).toContain('train');
  });

  it('sends --model FILE as {modelName, modelBase64} and keeps the other flags', () => {
    const file = join(dir, 'tiny.onnx');
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255);
    writeFileSync(file, bytes);
    const args = trainBenchArgs({ model: file, size: '64' });
    expect(args.size).toBe('64');
    const p = JSON.parse(args[PAYLOAD_ARG] as string);
    expect(p.modelName).toBe('tiny.onnx');
    expect(fromBase64(p.modelBase64)).toEqual(bytes);
  });

  it('names the missing model', () => {
    expect(() => trainBenchArgs({ model: join(dir, 'nope.onnx') })).toThrow(/nope\.onnx not found/);
  });
});
