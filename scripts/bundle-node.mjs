#!/usr/bin/env node
// Builds dist-node/: the CLI's Node runtime (engine + Dawn's dawn.node) as a self-contained bundle that runs with a
// plain Node binary on GPU servers without a browser: `node dist-node/webclas.mjs gpu-info`.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const out = 'dist-node';
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: join(out, 'webclas.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { 'process.env.WEBCLAS_BUNDLE': '"node"' },
  // The browser runtime and TF.js baselines are not part of the standalone bundle.
  external: ['playwright-core', 'vite', '@tensorflow/*'],
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
// webgpu/index.js loads dist/<platform>-<arch>/dawn.node next to itself, which is now the bundle.
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('webgpu/package.json'));
const arch = process.platform === 'darwin' ? 'universal' : process.arch;
const rel = join('dist', `${process.platform}-${arch}`, 'dawn.node');
mkdirSync(join(out, dirname(rel)), { recursive: true });
copyFileSync(join(pkgDir, rel), join(out, rel));
// onnxruntime-web/wasm (eval --backend wasm, train --features wasm) imports its loader and binary from beside the
// module that bundles it, i.e. beside webclas.mjs.
const ortDist = dirname(require.resolve('onnxruntime-web/wasm'));
const ortFiles = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
for (const f of ortFiles) copyFileSync(join(ortDist, f), join(out, f));
// Node's JPEG decoder (MozJPEG in WASM, infer/decode-pixels.ts) looks for its binary beside the bundle first.
const mozjpeg = 'mozjpeg_dec.wasm';
copyFileSync(require.resolve(`@jsquash/jpeg/codec/dec/${mozjpeg}`), join(out, mozjpeg));
ortFiles.push(mozjpeg);
const mb = (f) => statSync(f).size / 2 ** 20;
const parts = [['webclas.mjs', 'webclas.mjs'], ['dawn.node', rel], ...ortFiles.map((f) => [f, f])];
const total = parts.reduce((s, [, f]) => s + mb(join(out, f)), 0);
console.log(
  `dist-node: ${parts.map(([name, f]) => `${name} ${mb(join(out, f)).toFixed(2)} MiB`).join(' + ')} = ${total.toFixed(2)} MiB`,
);
if (total > 64) {
  console.error('bundle exceeds the 64 MiB budget');
  process.exit(1);
}
