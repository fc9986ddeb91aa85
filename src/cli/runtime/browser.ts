// Browser runtime of the CLI: serves the repo with Vite on 127.0.0.1, opens the harness page in headless Chromium
// (WebGPU; SwiftShader without a GPU) and runs the task there, relaying its JSON lines and progress.
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TaskArgs, TaskIO } from '../../engine/tasks/task-types.ts';
import { assertChromium, chromiumArgs, chromiumPath } from '../chromium.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function runInBrowser(task: string, args: TaskArgs, io: TaskIO): Promise<void> {
  assertChromium();
  // Imported lazily: the standalone Node bundle has neither Vite nor Playwright.
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const port = await freePort();
  const server = await createServer({
    root: repoRoot,
    configFile: `${repoRoot}vite.config.ts`,
    logLevel: 'error',
    clearScreen: false,
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
    // Pre-bundle the heavy deps up front so the page is not reloaded mid-task by a late optimisation.
    optimizeDeps: {
      entries: ['src/harness/index.html'],
      include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu'],
    },
  });
  await server.listen();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.exposeFunction('webclasEmit', (json: string) => io.emit(JSON.parse(json)));
    await page.exposeFunction('webclasProgress', (message: string) => io.progress(message));
    page.on('pageerror', (err) => io.progress(`[page error] ${err.message}`));
    if (process.env.WEBCLAS_DEBUG)
      page.on('console', (m) => io.progress(`[console.${m.type()}] ${m.text()}`));
    await page.goto(`http://127.0.0.1:${port}/src/harness/index.html`);
    // The harness page (src/harness/harness.ts) defines these globals.
    type Harness = { webclasReady?: boolean; webclasRun(name: string, args: TaskArgs): Promise<void> };
    await page.waitForFunction(() => (window as unknown as Harness).webclasReady === true, undefined, {
      timeout: 120_000,
    });
    await page.evaluate(([name, a]) => (window as unknown as Harness).webclasRun(name, a), [
      task,
      args,
    ] as const);
  } finally {
    await browser.close();
    await server.close();
  }
}
