// DOM helpers the Train screen's browser tests share: wait for a condition, find a control by its label text,
// type into it as a user would, find a button by name, read the alerts.

export async function waitFor<T>(
  f: () => T | null | undefined | false,
  what: string,
  ms = 120_000,
): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The control whose <label> starts with `text` (its accessible name, as e2e tests look it up). */
export function control<T extends HTMLElement>(host: HTMLElement, text: string): T | null {
  for (const label of host.querySelectorAll('label')) {
    const own = [...label.childNodes].find((n) => n.nodeType === Node.TEXT_NODE)?.textContent?.trim();
    if (own === text) return label.querySelector('input, select, textarea') as T | null;
  }
  return null;
}

/** Sets a value the way a user does, so React's onChange runs. */
export function type(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string) {
  const proto = Object.getPrototypeOf(el) as object;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

export const button = (host: HTMLElement, name: string) =>
  [...host.querySelectorAll('button')].find((b) => b.textContent?.trim() === name) ?? null;

export const alerts = (host: HTMLElement) =>
  [...host.querySelectorAll('[role="alert"]')].map((a) => a.textContent);
