// A bad image never ends `webclas eval` / `train`: a PNG whose header claims 20000×20000 is skipped before it is
// read, an empty file by the check, a PNG that passes the check but does not decode by the task; each gets a
// `skipped FILE: reason` line, the run finishes and its last line counts them. The CLI runs for real (Node
// runtime, ORT WASM features) on a generated folder and a tiny generated model.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pngClaiming, undecodablePng } from '../engine/data/testing/hostile-images.ts';
import { encodePng } from '../engine/data/testing/png-encode.ts';
import { GraphBuilder, mulberry32 } from '../engine/nn/plan/testing/graph-builder.ts';
import { exportOnnx } from '../engine/onnx/export.ts';
import { loadDatasetImages } from './dataset-images.ts';

const root = mkdtempSync(join(tmpdir(), 'webclas-skips-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rand = mulberry32(11);
const photo = () =>
  encodePng({ width: 40, height: 36, colourType: 2, bitDepth: 8, sample: () => rand() * 255 });

/** Classes a and b with four good images each, plus whatever `extra` adds (path → bytes). */
function dataset(name: string, extra: Record<string, Uint8Array>): string {
  const dir = join(root, name);
  const files: Record<string, Uint8Array> = { ...extra };
  for (const c of ['a', 'b']) for (let i = 0; i < 4; i++) files[`${c}/${i}.png`] = photo();
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

const hostile = {
  'a/huge.png': pngClaiming(20000, 20000),
  'a/empty.png': new Uint8Array(0),
  'b/broken.png': undecodablePng(),
};
const data = dataset('bad', hostile);

/** conv(s2) → BN → Relu → GAP → Gemm over classes a and b, as ONNX. */
const model = join(root, 'tiny.onnx');
{
  const b = new GraphBuilder('tiny-cnn', ['batch', 3, 32, 32], mulberry32(5));
  const x = b.one('Relu', [b.bn(b.conv(b.input, 3, 8, 3, 2, 1, false), 8)]);
  writeFileSync(
    model,
    exportOnnx(b.build(b.head(b.one('GlobalAveragePool', [x]), 8, 2)), { classes: ['a', 'b'] }),
  );
}

function webclas(...args: string[]) {
  const r = spawnSync('node', ['src/cli/webclas.mjs', ...args], { encoding: 'utf8', timeout: 240_000 });
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines, stderr: r.stderr };
}

const hugeLine =
  "skipped a/huge.png: 20000×20000 (400.0 MP) exceeds the 40 MP cap: decoded only at full size here (the studio's import keeps it downscaled)";
const emptyLine = 'skipped a/empty.png: empty file (0 bytes)';
const brokenLine = /skipped b\/broken\.png: could not decode it \(.+\)/;

describe('bad images in webclas train and eval', () => {
  it('loading the dataset skips the header-checked ones with a line each, after the val split is cut', async () => {
    const seen: string[] = [];
    const ds = await loadDatasetImages(data, 0, 0, (s) => seen.push(`${s.file}: ${s.reason}`));
    expect(seen).toEqual([emptyLine, hugeLine].map((l) => l.replace('skipped ', '')));
    expect(ds.skipped).toHaveLength(2);
    // The undecodable PNG passes the header check: the task finds it.
    expect(ds.train.map((e) => e.name).sort()).toEqual([
      'a/0.png',
      'a/1.png',
      'a/2.png',
      'a/3.png',
      'b/0.png',
      'b/1.png',
      'b/2.png',
      'b/3.png',
      'b/broken.png',
    ]);
    // The same folder with a normal image in place of the huge one cuts the same val split, less that image.
    const plain = dataset('plain', { ...hostile, 'a/huge.png': photo() });
    const withHuge = await loadDatasetImages(data, 0.5, 3);
    const without = await loadDatasetImages(plain, 0.5, 3);
    const names = (d: typeof withHuge) => d.val.map((e) => e.name).sort();
    expect(names(withHuge)).toEqual(names(without).filter((n) => n !== 'a/huge.png'));
  });

  it('eval skips all three with a line each, scores the rest and counts the skips (Node/WASM, browser/GPU)', () => {
    for (const where of [
      ['--runtime', 'node', '--backend', 'wasm'],
      ['--runtime', 'browser', '--backend', 'engine'],
    ]) {
      const r = webclas('eval', ...where, '--size', '32', '--model', model, '--data', data);
      expect(r.status, `${where}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toContain(hugeLine);
      expect(r.stderr).toContain(emptyLine);
      // pngjs in Node, Chromium's decoder in the page.
      expect(r.stderr).toMatch(
        /skipped b\/broken\.png: (could not decode it|the browser could not decode it) \(.+\)/,
      );
      expect(r.stderr.trim().split('\n').at(-1)).toBe('eval: 3 images skipped (each named above)');
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toMatchObject({ count: 8, skipped: 3, classes: ['a', 'b'] });
    }
  }, 480_000);

  it('head and full training skip them too and write the model', () => {
    for (const mode of ['head', 'full']) {
      const out = join(root, `${mode}.onnx`);
      const r = webclas(
        ...[
          'train',
          '--runtime',
          'node',
          '--features',
          'wasm',
          '--mode',
          mode,
          '--size',
          '32',
          '--epochs',
          '1',
        ],
        ...['--batch', '4', '--val-split', '0.25', '--model', model, '--data', data, '--out', out],
      );
      expect(r.status, `${mode}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toContain(hugeLine);
      expect(r.stderr).toContain(emptyLine);
      expect(r.stderr).toMatch(brokenLine);
      expect(r.stderr.trim().split('\n').at(-1)).toBe('train: 3 images skipped (each named above)');
      expect(r.lines[0]).toMatchObject({ epoch: 1 });
      expect(existsSync(out)).toBe(true);
    }
  }, 480_000);
});
