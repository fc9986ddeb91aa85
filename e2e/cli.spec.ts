// The headless CLI from this checkout: JSON lines on stdout, `{"error"}` + non-zero exit on failure, both runtimes.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

function webclas(...args: string[]) {
  const r = spawnSync('node', ['src/cli/webclas.mjs', ...args], { encoding: 'utf8', timeout: 300_000 });
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return { status: r.status, lines, stderr: r.stderr };
}

for (const runtime of ['browser', 'node']) {
  test(`webclas gpu-info --runtime ${runtime} prints the SwiftShader adapter as JSON`, () => {
    const { status, lines, stderr } = webclas('gpu-info', '--runtime', runtime);
    expect(status, stderr).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0].adapter.architecture).toBe('swiftshader');
    expect(lines[0].adapter.isSoftware).toBe(true);
    expect(lines[0].adapter.limits.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
    expect(lines[0].deviceFeatures).toContain('timestamp-query');
  });
}

test('webclas bench matmul (node runtime, small) prints comparison lines in the agreed format', () => {
  const { status, lines, stderr } = webclas(
    'bench',
    'matmul',
    '--runtime',
    'node',
    '--sizes',
    '64',
    '--min-ms',
    '50',
    '--no-tfjs',
    '--out',
    'test-results/bench',
  );
  expect(status, stderr).toBe(0);
  const cmp = lines.filter((l) => 'ratio' in l);
  expect(cmp).toHaveLength(1);
  expect(cmp[0]).toMatchObject({ bench: 'matmul', case: '64', unit: 'GFLOP/s', baseline: 'naive-webgpu' });
  expect(cmp[0].ours).toBeGreaterThan(0);
  expect(cmp[0].ratio).toBeCloseTo(cmp[0].ours / cmp[0].baseline_value, 6);
  expect(stderr).toMatch(/\| bench +\| case/);
});

test('webclas fails with one JSON error line and a non-zero exit', () => {
  const unknown = webclas('no-such-command');
  expect(unknown.status).not.toBe(0);
  expect(unknown.lines).toEqual([{ error: expect.stringContaining("unknown command 'no-such-command'") }]);
  const badRuntime = webclas('gpu-info', '--runtime', 'cuda');
  expect(badRuntime.status).not.toBe(0);
  expect(badRuntime.lines[0].error).toMatch(/--runtime must be browser or node/);
});

const shared = resolve(process.env.WEBCLAS_SHARED ?? '../shared');

test('webclas refuses an unknown option and names the closest valid one', () => {
  const r = webclas('train', '--data', 'x', '--weight-decay', '1e-5');
  expect(r.status).not.toBe(0);
  expect(r.lines).toEqual([
    { error: expect.stringContaining("unknown option --weight-decay for 'train' (did you mean --wd?") },
  ]);
});

test('webclas bench models takes a local .onnx outside the mirror, as classify and eval do', () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'webclas-bench-local-'));
  try {
    const model = join(dir, 'my-squeezenet.onnx');
    cpSync(
      resolve(process.env.WEBCLAS_SHARED ?? '../shared', 'models/arch/squeezenet1_1-random.onnx'),
      model,
    );
    const r = webclas(
      ...['bench', 'models', '--models', model, '--backends', 'wasm', '--batch', '1'],
      ...['--runs', '1', '--warmup', '0', '--out', join(dir, 'out')],
    );
    expect(r.status, r.stderr).toBe(0);
    const results = r.lines.filter((l) => 'p50Ms' in l);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ backend: 'wasm', model: { id: model, name: 'my-squeezenet' } });
    expect(results[0].p50Ms).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('webclas train records its val cut; eval --split val scores the same held-out images', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webclas-split-'));
  const out = join(dir, 'head.onnx');
  const data = join(shared, 'data/flowers12');
  const trained = webclas(
    ...[
      'train',
      '--runtime',
      'node',
      '--features',
      'wasm',
      '--mode',
      'head',
      '--size',
      '32',
      '--epochs',
      '1',
    ],
    ...['--val-split', '0.25', '--seed', '3', '--data', data, '--out', out],
    ...['--model', join(shared, 'models/mobilenetv2-12-float.onnx')],
  );
  expect(trained.status, trained.stderr).toBe(0);
  expect(trained.stderr).toContain('180 val (stratified, split seed 3)');
  const scored = webclas(
    'eval',
    '--runtime',
    'node',
    '--backend',
    'wasm',
    '--split',
    'val',
    '--model',
    out,
    '--data',
    data,
  );
  expect(scored.status, scored.stderr).toBe(0);
  expect(scored.stderr).toContain("the model's own val split (fraction 0.25, split seed 3)");
  expect(scored.lines[0].top1).toBeCloseTo(trained.lines[0].val_top1, 6);
  rmSync(dir, { recursive: true, force: true });
});

test('the standalone Node bundle (engine + dawn.node + ORT WASM) runs from a copy outside the repo', () => {
  const build = spawnSync('node', ['scripts/bundle-node.mjs'], { encoding: 'utf8', timeout: 300_000 });
  expect(build.status, build.stderr).toBe(0);
  const sizeMiB = Number(/= ([\d.]+) MiB/.exec(build.stdout)?.[1]);
  expect(sizeMiB).toBeGreaterThan(1);
  expect(sizeMiB).toBeLessThan(64);
  const dir = mkdtempSync(join(tmpdir(), 'webclas-bundle-'));
  cpSync('dist-node', join(dir, 'dist-node'), { recursive: true });
  // No node_modules, no repo: only a plain node binary and the bundle.
  const r = spawnSync(process.execPath, [join(dir, 'dist-node', 'webclas.mjs'), 'gpu-info'], {
    encoding: 'utf8',
    cwd: dir,
    env: { PATH: '/usr/bin:/bin', HOME: dir },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout.trim()).adapter.architecture).toBe('swiftshader');
  // Head training on ORT WASM features loads ORT's loader and binary from beside the bundle.
  const out = join(dir, 'head.onnx');
  const t = spawnSync(
    process.execPath,
    [
      ...[join(dir, 'dist-node', 'webclas.mjs'), 'train', '--runtime', 'node', '--features', 'wasm'],
      ...['--mode', 'head', '--size', '32', '--epochs', '1', '--val-split', '0.1', '--out', out],
      ...[
        '--data',
        join(shared, 'data/flowers12'),
        '--model',
        join(shared, 'models/mobilenetv2-12-float.onnx'),
      ],
    ],
    { encoding: 'utf8', cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir }, timeout: 300_000 },
  );
  expect(t.status, t.stderr).toBe(0);
  const epoch = JSON.parse(t.stdout.trim().split('\n')[0]);
  expect(epoch).toMatchObject({ epoch: 1 });
  expect(epoch.val_top1).toBeGreaterThan(1 / 12);
  expect(t.stderr).toContain(`wrote ${out}`);
  rmSync(dir, { recursive: true, force: true });
});
