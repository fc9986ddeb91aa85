// The mirror configured by the environment (Node: WEBCLAS_MODEL_MIRROR; a Vite build: VITE_WEBCLAS_MODEL_MIRROR).
// Apart from mirror.ts because it reads Vite's import.meta.env, which the CLI's Node build does not type.
import { MIRROR_ENV, normalizeMirror } from './mirror.ts';

/**
 * The mirror configured by the environment, or undefined: `WEBCLAS_MODEL_MIRROR` in Node (process.env), or
 * `VITE_WEBCLAS_MODEL_MIRROR` baked into a Vite build. Relative values are normalized as in normalizeMirror.
 */
export function mirrorFromEnv(): string | undefined {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined>; cwd?: () => string };
    location?: { href: string };
  };
  const fromNode = g.process?.env?.[MIRROR_ENV];
  // Written out in full so Vite's static replacement of import.meta.env.VITE_* finds it; undefined outside Vite.
  const fromVite: string | undefined = import.meta.env?.VITE_WEBCLAS_MODEL_MIRROR;
  const raw = fromNode || fromVite;
  if (!raw) return undefined;
  return normalizeMirror(raw, { baseHref: g.location?.href, cwd: g.process?.cwd?.() });
}
