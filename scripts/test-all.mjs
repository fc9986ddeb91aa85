#!/usr/bin/env node
// `npm test`: Node unit tests, GPU kernel tests in headless Chromium (WebGPU) and in Node (Dawn), then Playwright e2e.
// Installs Debian's Chromium when it is missing and we are root; otherwise stops with a one-line instruction.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const chromium = process.env.WEBCLAS_CHROMIUM ?? '/usr/bin/chromium';
const only = process.argv.slice(2); // e.g. `npm test -- unit gpu-browser`
const suites = ['unit', 'gpu-browser', 'gpu-node', 'e2e'].filter(
  (s) => only.length === 0 || only.includes(s),
);
const skipGpu = process.env.WEBCLAS_SKIP_GPU === '1';

function ensureChromium() {
  if (existsSync(chromium)) return;
  const root = process.getuid?.() === 0;
  if (!root) {
    console.error(
      `Chromium is missing: run 'sudo apt-get install -y chromium libvulkan1' and then 'npm test' again`,
    );
    process.exit(1);
  }
  console.error('[test] installing Debian chromium + libvulkan1 (apt-get)…');
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libvulkan1',
    {
      stdio: 'inherit',
      shell: '/bin/bash',
    },
  );
}

if (suites.some((s) => s !== 'unit')) ensureChromium();
mkdirSync('test-results', { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

function vitest(project) {
  const out = `test-results/${project}.json`;
  const env = { ...process.env };
  if (project === 'gpu-node') env.VK_DRIVER_FILES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  const r = spawnSync(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${out}`],
    { stdio: 'inherit', env },
  );
  if (r.status !== 0) ok = false;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    if (j.numTotalTests === 0) {
      console.error(`[test] ${project}: no tests ran`);
      ok = false;
    }
  } else ok = false;
}

function e2e() {
  const out = 'test-results/e2e.json';
  const r = spawnSync('npx', ['playwright', 'test', '--reporter=line,json'], {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  if (r.status !== 0) ok = false;
  if (existsSync(out)) {
    const s = JSON.parse(readFileSync(out, 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected + s.flaky;
    skipped += s.skipped;
  } else ok = false;
}

for (const s of suites) {
  console.error(`\n[test] ===== ${s} =====`);
  if (s === 'e2e') e2e();
  else if ((s === 'gpu-browser' || s === 'gpu-node') && skipGpu) {
    console.error(`[test] ${s}: skipped because WEBCLAS_SKIP_GPU=1`);
  } else vitest(s);
}

console.log(`\nall: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
