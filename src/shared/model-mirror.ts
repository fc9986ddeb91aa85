// The model mirror setting, one for every screen that lists or fetches zoo models (Classify edits it; Models and
// the pickers probe it), kept in localStorage. Empty means this server's /mirror/ folder.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { normalizeMirror } from '../engine/zoo/mirror.ts';

export interface ModelMirrorState {
  /** As typed (normalized when used); empty = the dev/preview server's /mirror/ folder. */
  mirror: string;
  setMirror(m: string): void;
}

/** Where Classify kept the mirror before it was shared: read once so an earlier setting is not lost. */
function earlierSetting(): string {
  try {
    const old = JSON.parse(localStorage.getItem('webclas-classify-settings') ?? 'null');
    return typeof old?.state?.mirror === 'string' ? old.state.mirror : '';
  } catch {
    return '';
  }
}

export const useModelMirror = create<ModelMirrorState>()(
  persist(
    (set) => ({
      mirror: typeof localStorage === 'undefined' ? '' : earlierSetting(),
      setMirror: (mirror) => set({ mirror }),
    }),
    { name: 'webclas-model-mirror', partialize: (s) => ({ mirror: s.mirror }) },
  ),
);

/** The mirror actually used: the setting, else the dev/preview server's /mirror/ folder (same origin). */
export function effectiveMirror(typed: string): string {
  return normalizeMirror(typed.trim() || '/mirror/', { baseHref: location.href });
}

/** effectiveMirror, or the reason the typed mirror is unusable. */
export function mirrorOrError(typed: string): { mirror: string | null; error: string | null } {
  try {
    return { mirror: effectiveMirror(typed), error: null };
  } catch (e) {
    return { mirror: null, error: (e as Error).message };
  }
}
