// Collects Content-Security-Policy violations of a page and of its workers. A worker's own violations reach
// neither the page's `securitypolicyviolation` events nor Playwright's console (Chromium logs them in the worker
// only), so a listener is added in each worker as it starts and reports through console.error, which does reach.
import type { Page } from '@playwright/test';

const TAG = 'securitypolicyviolation:';

/** Violations seen so far, as `directive blocked-uri source:line` (page) or with `[worker url]` appended. */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    // Also Chromium's own CSP messages (an invalid source, a directive ignored in a <meta>).
    if (text.startsWith(TAG) || /Content Security Policy/i.test(text))
      seen.push(m.worker() ? `${text} [worker ${m.worker()?.url()}]` : text);
  });
  const listen = (tag: string) => {
    const scope = globalThis as unknown as EventTarget;
    scope.addEventListener('securitypolicyviolation', (e) => {
      const v = e as SecurityPolicyViolationEvent;
      console.error(`${tag} ${v.effectiveDirective} ${v.blockedURI} ${v.sourceFile}:${v.lineNumber}`);
    });
  };
  await page.addInitScript(listen, TAG);
  page.on('worker', (w) => {
    // A short-lived worker may be gone before this runs: then it has nothing more to report either.
    w.evaluate(listen, TAG).catch(() => undefined);
  });
  return seen;
}
