#!/usr/bin/env node
// `npm start`: builds the studio and serves it on http://127.0.0.1:4173 (COOP/COEP set, so WASM threads work).
import { spawnSync } from 'node:child_process';

const port = process.env.PORT ?? '4173';
const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(
  `\nWebClas Studio: open http://127.0.0.1:${port}/ in Chromium or Chrome (WebGPU needs 127.0.0.1 or https)\n`,
);
const serve = spawnSync('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
  stdio: 'inherit',
});
process.exit(serve.status ?? 0);
