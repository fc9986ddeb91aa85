// Where Debian's Chromium lives and the flags every launch uses (vitest browser, Playwright e2e, the CLI).
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.WEBCLAS_CHROMIUM ?? '/usr/bin/chromium';

/** Flags: WebGPU on (SwiftShader when there is no GPU), no background traffic on this closed network. */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** Throws a one-line instruction when Chromium is missing, instead of a Playwright stack trace. */
export function assertChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: run 'sudo apt-get install -y chromium' (or set WEBCLAS_CHROMIUM)`,
    );
  }
}
